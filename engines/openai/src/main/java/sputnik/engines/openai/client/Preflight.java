package sputnik.engines.openai.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sputnik.harness.api.UsageException;

/**
 * One {@code GET /models} before any work, so that a wrong URL or key fails at once with one line
 * saying what to do, instead of as a run full of errors; and, when no {@code --model} was given, the
 * model a single-model server (vLLM, llama.cpp) serves. Servers without {@code /models} are fine.
 */
public final class Preflight {
    private Preflight() {}

    static final Duration LIMIT = Duration.ofSeconds(15);

    public static String check(EndpointClient client, String model, String keyVar, boolean keySent, Consumer<String> note)
            throws UsageException, InterruptedException {
        String where = client.endpoint().display();
        EndpointClient.Reply r;
        try {
            r = client.get("/models", LIMIT);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new UsageException("cannot reach " + where + " (" + (e instanceof ConnectException ? "connection refused" : "connect timed out")
                    + "): start the server, or fix --base-url");
        } catch (HttpTimeoutException e) {
            throw new UsageException(where + " did not answer GET /models within " + LIMIT.toSeconds() + " s: is the server up and"
                    + " not overloaded? check --base-url");
        } catch (IOException e) {
            throw new UsageException("cannot reach " + where + " (" + client.mask(String.valueOf(e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName())) + "): start the server, or fix --base-url");
        }
        if (r.status() == 401 || r.status() == 403) {
            throw new UsageException(where + " refused the request (HTTP " + r.status() + "): "
                    + (keySent ? "the API key in $" + keyVar + " was not accepted; check it"
                            : "it needs an API key: export " + keyVar + "=... (or name another variable with --api-key-env)"));
        }
        List<String> served = new ArrayList<>();
        if (r.status() == 200 && r.body() != null && r.body().path("data").isArray()) {
            for (JsonNode m : r.body().get("data")) if (m.hasNonNull("id")) served.add(m.get("id").asText());
        }
        if (model == null) {
            if (served.size() == 1) {
                note.accept("sputnik: no --model given; " + where + " serves one model, '" + served.getFirst() + "', which is used");
                return served.getFirst();
            }
            throw new UsageException("--model is required" + (served.isEmpty() ? "" : "; " + where + " serves: " + String.join(", ", served)));
        }
        if (!served.isEmpty() && !served.contains(model)) {
            note.accept("sputnik: warning: " + where + " does not list model '" + model + "' (it lists: " + String.join(", ", served)
                    + "); requests may fail");
        }
        return model;
    }
}
