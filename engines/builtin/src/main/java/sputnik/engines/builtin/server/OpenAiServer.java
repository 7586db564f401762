package sputnik.engines.builtin.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import sputnik.engines.builtin.chat.ChatTemplate;
import sputnik.engines.builtin.engine.LoadedModel;
import sputnik.engines.builtin.engine.Scheduler;
import sputnik.harness.util.Json;

/**
 * An OpenAI-compatible HTTP server for the built-in engine, on the JDK's own HTTP server with one virtual thread per
 * exchange. It listens at once, answering {@code /health} with 503 until {@link #ready} hands it a loaded and warmed
 * model. Admission is bounded: a request whose sequences do not fit in the batch plus the queue gets 429 with
 * {@code Retry-After}. {@link #shutdown} stops accepting, lets requests in flight finish for a grace period, then
 * cancels what is left.
 */
public final class OpenAiServer implements AutoCloseable {
    /** How chat responses carry a reasoning model's thinking. */
    public enum ReasoningFormat {
        /** in {@code reasoning_content}, out of {@code content} (vLLM's and llama.cpp's default for R1-style models) */
        DEEPSEEK,
        /** left in {@code content}, tags and all */
        NONE
    }

    /**
     * @param apiKey       the bearer key /v1 requests must carry, or null for none
     * @param queueLimit   sequences that may wait beyond the batch before requests get 429
     * @param maxBodyBytes the largest request body read (413 beyond)
     */
    public record Settings(String host, int port, String alias, List<String> otherNames, String apiKey, int queueLimit, long maxBodyBytes,
                           ReasoningFormat reasoning, boolean thinking) {}

    static {
        // Without TCP_NODELAY each small SSE chunk may wait for the client's delayed ACK (Nagle): ~40 ms stalls that a
        // load test would measure as inter-token latency. Read once, when the JDK's server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final Settings settings;
    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ServerMetrics metrics;
    private final long created = System.currentTimeMillis() / 1000;
    private final Set<Scheduler.Handle> inFlight = ConcurrentHashMap.newKeySet();
    private volatile ServedModel model;
    private volatile Semaphore admission;
    private volatile boolean draining;

    private OpenAiServer(Settings settings, HttpServer http) {
        this.settings = settings;
        this.http = http;
        this.metrics = new ServerMetrics(() -> model == null ? null : model.scheduler());
    }

    /** Binds and starts serving (health: loading); a {@link java.net.BindException} when the port is taken. */
    public static OpenAiServer start(Settings settings) throws IOException {
        // a backlog for bursts of connections (a load test opening hundreds at once); the kernel caps it at somaxconn
        HttpServer http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 1024);
        OpenAiServer s = new OpenAiServer(settings, http);
        http.setExecutor(s.executor);
        http.createContext("/v1/chat/completions", new CompletionEndpoint(s, true));
        http.createContext("/v1/completions", new CompletionEndpoint(s, false));
        http.createContext("/v1/models", s::models);
        http.createContext("/health", s::health);
        http.createContext("/metrics", s::metrics);
        http.createContext("/", ex -> s.error(ex, new ApiError(404, "invalid_request_error", "Unknown path " + ex.getRequestURI().getPath()
                + ": this server serves /v1/chat/completions, /v1/completions, /v1/models, /health and /metrics.", null, "unknown_url")));
        http.start();
        return s;
    }

    /** Serves {@code model} from now on ({@code template} null for the model's own); /health turns ready. */
    public void ready(LoadedModel loaded, Scheduler scheduler, ChatTemplate template) {
        admission = new Semaphore(scheduler.config().maxBatch() + settings.queueLimit());
        model = new ServedModel(loaded, scheduler, template, settings.thinking());
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    public boolean isReady() {
        return model != null && !draining;
    }

    Settings settings() {
        return settings;
    }

    ServerMetrics metricsRegistry() {
        return metrics;
    }

    ServedModel model() {
        return model;
    }

    boolean draining() {
        return draining;
    }

    Semaphore admission() {
        return admission;
    }

    long created() {
        return created;
    }

    void track(Scheduler.Handle h) {
        inFlight.add(h);
    }

    void untrack(Scheduler.Handle h) {
        inFlight.remove(h);
    }

    /** Whether {@code name} is a name this server answers to (the alias, the file name); null (not given) is. */
    boolean serves(String name) {
        return name == null || name.equals(settings.alias()) || settings.otherNames().contains(name);
    }

    /** 401 unless the request carries the key (compared in constant time; the key is never logged or echoed). */
    void authorize(HttpExchange ex) throws ApiError {
        if (settings.apiKey() == null) return;
        String h = ex.getRequestHeaders().getFirst("Authorization");
        byte[] expected = ("Bearer " + settings.apiKey()).getBytes(StandardCharsets.UTF_8);
        if (h == null || !MessageDigest.isEqual(expected, h.strip().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(401, "invalid_request_error", h == null ? "You didn't provide an API key. Provide it as a bearer token in the"
                    + " Authorization header." : "Incorrect API key provided.", null, "invalid_api_key");
        }
    }

    /** The request body, at most {@code maxBodyBytes} (413 beyond; {@link #error} deals with the rest of it). */
    byte[] body(HttpExchange ex) throws IOException, ApiError {
        long limit = settings.maxBodyBytes();
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        try {
            if (length != null && Long.parseLong(length.strip()) > limit) throw tooLarge(limit);
        } catch (NumberFormatException e) {
            throw ApiError.invalid(null, "Bad Content-Length header.");
        }
        byte[] b = ex.getRequestBody().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (b.length > limit) throw tooLarge(limit);
        return b;
    }

    /** More than this of an unread body is not read for an error response; the connection is closed instead. */
    static final long DRAIN_BYTES = 64L << 20;

    /** Reads and drops what is left of a request's body, at most {@link #DRAIN_BYTES}; whether it reached the end. */
    private static boolean drain(InputStream in) throws IOException {
        long left = DRAIN_BYTES;
        byte[] buf = new byte[64 << 10];
        for (int n; (n = in.read(buf, 0, (int) Math.min(buf.length, left + 1))) > 0; ) {
            left -= n;
            if (left < 0) return false;
        }
        return true;
    }

    private static ApiError tooLarge(long limit) {
        return new ApiError(413, "invalid_request_error", "The request body is larger than the server's limit of " + limit + " bytes (--max-body).",
                null, "request_too_large");
    }

    void respond(HttpExchange ex, int status, ObjectNode body) throws IOException {
        respond(ex, status, Json.MAPPER.writeValueAsBytes(body), "application/json");
    }

    void respond(HttpExchange ex, int status, byte[] body, String contentType) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * An error response, sent once what is left of the request's body has been read and dropped (nothing, when it was
     * read; the rest of a refused or oversized one, up to {@link #DRAIN_BYTES}): a response sent while the client is
     * still sending would be lost to the reset that closing an unread connection causes, and the connection can serve
     * the client's next request. A body too large even for that gets {@code Connection: close}.
     */
    void error(HttpExchange ex, ApiError e) throws IOException {
        if (e.status == 429) ex.getResponseHeaders().set("Retry-After", "1");
        if (!drain(ex.getRequestBody())) ex.getResponseHeaders().set("Connection", "close");
        respond(ex, e.status, e.body());
    }

    private void models(HttpExchange ex) throws IOException {
        try {
            if (!ex.getRequestMethod().equals("GET")) throw methodNotAllowed(ex, "GET");
            authorize(ex);
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("object", "list");
            ObjectNode m = root.putArray("data").addObject();
            m.put("id", settings.alias());
            m.put("object", "model");
            m.put("created", created);
            m.put("owned_by", "sputnik");
            ServedModel sm = model;
            if (sm != null) m.put("max_model_len", sm.context());
            respond(ex, 200, root);
        } catch (ApiError e) {
            error(ex, e);
        }
    }

    private void health(HttpExchange ex) throws IOException {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("status", draining ? "shutting down" : model == null ? "loading" : "ok");
        respond(ex, isReady() ? 200 : 503, o);
    }

    private void metrics(HttpExchange ex) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        metrics.write(b);
        respond(ex, 200, b.toByteArray(), metrics.contentType());
    }

    static ApiError methodNotAllowed(HttpExchange ex, String allowed) {
        ex.getResponseHeaders().set("Allow", allowed);
        return new ApiError(405, "invalid_request_error", "Method " + ex.getRequestMethod() + " is not allowed here; use " + allowed + ".", null,
                "method_not_allowed");
    }

    /**
     * Stops accepting connections and waits for the requests in flight; those still running after {@code grace} are
     * cancelled (a stream ends with an error event, a whole response is a 503). Then the model is closed.
     */
    public void shutdown(Duration grace) {
        draining = true;
        Thread canceller = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(grace);
            } catch (InterruptedException e) {
                return;
            }
            for (Scheduler.Handle h : inFlight) h.cancel();
        });
        // returns once every exchange has finished, at most after the delay
        http.stop((int) Math.max(1, grace.toSeconds() + 5));
        canceller.interrupt();
        executor.shutdownNow();
        ServedModel m = model;
        if (m != null) m.close();
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
