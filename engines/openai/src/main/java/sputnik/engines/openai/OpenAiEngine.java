package sputnik.engines.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import sputnik.engines.openai.client.EndpointClient;
import sputnik.engines.openai.client.RequestBodies;
import sputnik.engines.openai.client.Retrying;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineException;
import sputnik.harness.api.Request;

/**
 * {@code --engine openai}: each sample is one request to an OpenAI-compatible endpoint, answered from
 * the response cache when the same request was answered before, else sent with retries
 * ({@link Retrying}). A request that still fails is an {@link EngineException}: the runner records it as
 * an error, not an answer, and the next run tries it again.
 */
final class OpenAiEngine implements Engine {
    private final Retrying retrying;
    private final RequestBodies bodies;
    private final boolean stream;
    private final ResponseCache cache;
    private final String model;
    private final PrintStream err;
    private final AtomicBoolean warnedUsage = new AtomicBoolean();

    OpenAiEngine(Retrying retrying, RequestBodies bodies, boolean stream, ResponseCache cache, String model, PrintStream err) {
        this.retrying = retrying;
        this.bodies = bodies;
        this.stream = stream;
        this.cache = cache;
        this.model = model;
        this.err = err;
    }

    @Override
    public Completion generate(Request request) throws EngineException, InterruptedException {
        ObjectNode body = bodies.body(request.prompt(), request.sampling());
        EndpointClient client = retrying.client();
        ObjectNode key = cache == null ? null : ResponseCache.keyOf(retrying.replicas().cacheName(client.api()), body, request.sampleIndex());
        if (key != null) {
            Completion hit = cache.get(key);
            if (hit != null) return hit;
        }
        Retrying.Outcome o = retrying.call(body, stream, RequestBodies.promptChars(request.prompt()));
        Completion c = o.generation().completion();
        if (c.tokensEstimated() && warnedUsage.compareAndSet(false, true)) {
            err.println("sputnik: " + client.where() + " sent no token usage; token counts are estimated (see tokens_estimated in samples.jsonl)");
        }
        if (key != null) cache.put(key, c);
        return c;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public void close() {
        if (retrying.replicas().size() > 1) ReplicaReport.print(retrying.replicas().stats(), err);
        retrying.replicas().close();
    }
}
