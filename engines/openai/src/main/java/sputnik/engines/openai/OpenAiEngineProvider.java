package sputnik.engines.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sputnik.engines.openai.client.ApiKind;
import sputnik.engines.openai.client.Endpoint;
import sputnik.engines.openai.client.EndpointClient;
import sputnik.engines.openai.client.EndpointOptions;
import sputnik.engines.openai.client.Preflight;
import sputnik.engines.openai.client.RequestBodies;
import sputnik.engines.openai.client.Replicas;
import sputnik.engines.openai.client.Retrying;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineContext;
import sputnik.harness.api.EngineProvider;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

/** {@code --engine openai}: any OpenAI-compatible endpoint. Its flags are bound by the CLI (see EngineProvider). */
public final class OpenAiEngineProvider implements EngineProvider {
    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Option(names = "--response-cache", paramLabel = "DIR",
            description = "openai: where answered requests are kept so that none is paid twice (default: $XDG_CACHE_HOME/sputnik/responses,"
                    + " else ~/.cache/sputnik/responses).")
    Path responseCache;

    @Option(names = "--no-response-cache", description = "openai: neither read nor write the response cache.")
    boolean noResponseCache;

    /** Where notes go (the model chosen, estimated token counts); tests replace it. */
    PrintStream err = System.err;

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String description() {
        return "an OpenAI-compatible endpoint (--base-url URL): vLLM, SGLang, llama.cpp server, Ollama, hosted APIs";
    }

    /** What decides the answers besides the model and sampling: which API, and the extra request fields. */
    @Override
    public Map<String, Object> config(EngineContext context) {
        Map<String, Object> m = new LinkedHashMap<>();
        String api;
        try {
            api = endpoint.apiKind().wire();
        } catch (UsageException e) {
            api = endpoint.api;
        }
        m.put("api", api);
        Object extra;
        try {
            extra = Json.MAPPER.convertValue(RequestBodies.parseExtra(endpoint.extraBody), Map.class);
        } catch (UsageException e) {
            extra = endpoint.extraBody;
        }
        m.put("extra_body", extra);
        return m;
    }

    /**
     * Where the answers came from, recorded but not compared on resume (a server restarted on another
     * port may finish a run; the model name is compared): the base URL (query values hidden), whether
     * answers were streamed, retries and the rate limit, and the response cache.
     */
    @Override
    public Map<String, Object> environment(EngineContext context) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            List<Endpoint> all = endpoint.endpoints();
            m.put("base_url", all.size() == 1 ? all.getFirst().display() : all.stream().map(Endpoint::display).toList());
        } catch (UsageException e) {
            m.put("base_url", null);
        }
        m.put("stream", !endpoint.noStream);
        m.put("max_retries", endpoint.maxRetries != null ? endpoint.maxRetries : EndpointOptions.DEFAULT_RUN_RETRIES);
        m.put("requests_per_minute", endpoint.requestsPerMinute);
        m.put("response_cache", noResponseCache ? null : String.valueOf(responseCache != null ? responseCache : ResponseCache.defaultDir()));
        return m;
    }

    @Override
    public Engine open(EngineContext context) throws UsageException, IOException {
        List<Endpoint> endpoints = endpoint.endpoints();
        ApiKind api = endpoint.apiKind();
        ObjectNode extra = RequestBodies.parseExtra(endpoint.extraBody);
        String key = endpoint.apiKey();
        List<EndpointClient> clients = new ArrayList<>();
        for (Endpoint e : endpoints) clients.add(new EndpointClient(e, api, key, context.requestTimeout()));
        Replicas replicas = new Replicas(clients);
        try {
            Retrying retrying = endpoint.retrying(replicas, EndpointOptions.DEFAULT_RUN_RETRIES);
            String model = preflight(replicas, context.model(), key != null);
            ResponseCache cache = noResponseCache ? null : new ResponseCache(responseCache != null ? responseCache : ResponseCache.defaultDir());
            return new OpenAiEngine(retrying, new RequestBodies(api, model, extra), !endpoint.noStream, cache, model, err);
        } catch (UsageException | RuntimeException ex) {
            replicas.close();
            throw ex;
        } catch (InterruptedException ex) {
            replicas.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking " + endpoints.getFirst().display(), ex);
        }
    }

    /**
     * Checks each endpoint before any work. With replicas, one that cannot be reached is taken out (and
     * tried again later) with a warning; the run stops only when none answers.
     */
    private String preflight(Replicas replicas, String model, boolean keySent) throws UsageException, InterruptedException {
        String chosen = null;
        UsageException firstFailure = null;
        for (EndpointClient c : replicas.clients()) {
            try {
                String m = Preflight.check(c, chosen != null ? chosen : model, endpoint.apiKeyEnv, keySent, err::println);
                if (chosen == null) chosen = m;
            } catch (UsageException e) {
                if (replicas.size() == 1) throw e;
                if (firstFailure == null) firstFailure = e;
                replicas.takeOut(c);
                err.println("sputnik: warning: replica " + c.endpoint().display() + " is out for now (" + e.getMessage() + "); it is tried again later");
            }
        }
        if (chosen == null) throw firstFailure;
        return chosen;
    }
}
