package sputnik.engines.builtin.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import sputnik.engines.builtin.engine.LoadedModel;
import sputnik.engines.builtin.engine.Scheduler;
import sputnik.engines.builtin.model.KvCache;

/** An {@link OpenAiServer} on a free loopback port, serving a model in this JVM, and a plain HTTP client for it. */
final class TestServer implements AutoCloseable {
    final OpenAiServer server;
    final Scheduler scheduler;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** Options beyond the defaults (alias "test", no key, queue 64, 1 MiB bodies, reasoning split, thinking on, prefix cache on). */
    record Options(String apiKey, int maxBatch, int queueLimit, int context, boolean prefixSharing, OpenAiServer.ReasoningFormat reasoning) {
        static Options defaults() {
            return new Options(null, 8, 64, 4096, true, OpenAiServer.ReasoningFormat.DEEPSEEK);
        }

        Options withApiKey(String key) {
            return new Options(key, maxBatch, queueLimit, context, prefixSharing, reasoning);
        }

        Options withBatch(int batch, int queue) {
            return new Options(apiKey, batch, queue, context, prefixSharing, reasoning);
        }

        Options withContext(int positions) {
            return new Options(apiKey, maxBatch, queueLimit, positions, prefixSharing, reasoning);
        }

        Options withoutPrefixSharing() {
            return new Options(apiKey, maxBatch, queueLimit, context, false, reasoning);
        }

        Options withReasoning(OpenAiServer.ReasoningFormat r) {
            return new Options(apiKey, maxBatch, queueLimit, context, prefixSharing, r);
        }
    }

    private TestServer(OpenAiServer server, Scheduler scheduler) {
        this.server = server;
        this.scheduler = scheduler;
        this.base = "http://127.0.0.1:" + server.address().getPort();
    }

    static TestServer start(Path model) throws Exception {
        return start(model, Options.defaults());
    }

    static TestServer start(Path model, Options o) throws Exception {
        OpenAiServer server = OpenAiServer.start(new OpenAiServer.Settings("127.0.0.1", 0, "test", List.of(String.valueOf(model.getFileName())),
                o.apiKey(), o.queueLimit(), 1 << 20, o.reasoning(), true));
        LoadedModel m = LoadedModel.open(model);
        Scheduler scheduler = new Scheduler(m.model(), m.tokenizer(),
                new Scheduler.Config(2, o.context(), o.maxBatch(), 256, 64L << 20, KvCache.Type.F32, o.prefixSharing()), false);
        server.ready(m, scheduler, null);
        return new TestServer(server, scheduler);
    }

    HttpResponse<String> post(String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A metric's value in /metrics (the first sample line that starts with {@code series}), or 0 when absent. */
    double metric(String series) throws IOException, InterruptedException {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).strip());
        }
        return 0;
    }

    @Override
    public void close() {
        server.shutdown(Duration.ZERO);
    }
}
