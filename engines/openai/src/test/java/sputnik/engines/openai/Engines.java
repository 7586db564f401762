package sputnik.engines.openai;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import sputnik.engines.openai.mock.MockServer;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineContext;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Request;
import sputnik.harness.api.Sampling;

/** Opens {@code --engine openai} against a test server the way the CLI would, with flags set as fields. */
final class Engines {
    final OpenAiEngineProvider provider = new OpenAiEngineProvider();
    final ByteArrayOutputStream notes = new ByteArrayOutputStream();
    String model = "mock-model";
    Duration timeout = Duration.ofSeconds(30);

    Engines(MockServer server) {
        provider.endpoint.baseUrl = java.util.List.of(server.baseUrl().toString());
        provider.endpoint.apiKeyEnv = "OPENAI_API_KEY";
        provider.endpoint.api = "chat";
        provider.endpoint.retryBackoffMs = 5;
        provider.endpoint.env = name -> null;
        provider.noResponseCache = true;
        provider.err = new PrintStream(notes, true, StandardCharsets.UTF_8);
    }

    Engines key(String name, String value) {
        provider.endpoint.apiKeyEnv = name;
        provider.endpoint.env = n -> n.equals(name) ? value : null;
        return this;
    }

    Engines cache(Path dir) {
        provider.noResponseCache = false;
        provider.responseCache = dir;
        return this;
    }

    Engine open() throws Exception {
        return provider.open(new EngineContext(model, timeout, 4));
    }

    String notes() {
        return notes.toString(StandardCharsets.UTF_8);
    }

    static Sampling sampling(int maxTokens) {
        return new Sampling(0.6, 0.95, 0, maxTokens, 1234, List.of());
    }

    static Request request(String problem, int index, String text) {
        return new Request("t:" + problem + "#" + index, problem, index, Prompt.user(text), sampling(1000));
    }

    static Map<String, Object> config(OpenAiEngineProvider p) {
        return p.config(new EngineContext("m", Duration.ofSeconds(1), 1));
    }
}
