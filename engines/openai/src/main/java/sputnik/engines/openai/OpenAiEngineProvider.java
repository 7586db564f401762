package sputnik.engines.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sputnik.engines.openai.client.ApiKind;
import sputnik.engines.openai.client.Endpoint;
import sputnik.engines.openai.client.EndpointClient;
import sputnik.engines.openai.client.EndpointOptions;
import sputnik.engines.openai.client.Preflight;
import sputnik.engines.openai.client.RequestBodies;
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
            m.put("base_url", endpoint.endpoint().display());
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
        Endpoint e = endpoint.endpoint();
        ApiKind api = endpoint.apiKind();
        ObjectNode extra = RequestBodies.parseExtra(endpoint.extraBody);
        String key = endpoint.apiKey();
        EndpointClient client = new EndpointClient(e, api, key, context.requestTimeout());
        try {
            Retrying retrying = endpoint.retrying(client, EndpointOptions.DEFAULT_RUN_RETRIES);
            String model = Preflight.check(client, context.model(), endpoint.apiKeyEnv, key != null, err::println);
            ResponseCache cache = noResponseCache ? null : new ResponseCache(responseCache != null ? responseCache : ResponseCache.defaultDir());
            return new OpenAiEngine(retrying, new RequestBodies(api, model, extra), !endpoint.noStream, cache, model, err);
        } catch (UsageException | RuntimeException ex) {
            client.close();
            throw ex;
        } catch (InterruptedException ex) {
            client.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking " + e.display(), ex);
        }
    }
}
