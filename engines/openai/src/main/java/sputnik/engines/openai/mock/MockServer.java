package sputnik.engines.openai.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sputnik.harness.util.Hashing;
import sputnik.harness.util.Json;

/**
 * A small OpenAI-compatible server ({@code /v1/chat/completions}, {@code /v1/completions},
 * {@code /v1/models}) with a known timing: the first token {@code ttftMs} after the request arrived,
 * then one token every {@code tokenDelayMs}, each in its own SSE chunk, on an absolute schedule (a late
 * token does not delay the next). It sends usage, keep-alive comments and {@code [DONE]} like vLLM,
 * puts reasoning in {@code reasoning_content}, {@code reasoning} or {@code <think>} tags, and can be
 * told to fail: 429 with {@code retry-after-ms} or {@code Retry-After}, 500, 400, an error event mid-stream,
 * a connection dropped mid-stream, or a stream that just ends. It is what Sputnik's own tests run
 * against, and what {@code sputnik mock-server} and {@code loadtest --mock-server} start, to measure
 * the client rather than a model.
 *
 * <p>"Tokens" are whitespace-led words of the reply; prompt tokens are the prompt's words.
 */
public final class MockServer implements AutoCloseable {

    /** A way to fail one request. */
    public enum Fault {
        NONE,
        /** 429 with {@code retry-after-ms} */
        RATE_LIMIT,
        /** 429 with {@code Retry-After} in whole seconds */
        RATE_LIMIT_SECONDS,
        SERVER_ERROR,
        /** 400, as a server answers a field it does not know */
        BAD_REQUEST,
        /** an {@code error} object mid-stream, as vLLM sends when generation fails */
        STREAM_ERROR,
        /** the connection dropped half-way through the stream */
        CUT,
        /** the stream ends half-way, cleanly, without finish_reason or [DONE] */
        EARLY_END
    }

    /** Where a reply's reasoning goes on the wire. */
    public enum ReasoningStyle {
        REASONING_CONTENT,
        REASONING,
        THINK_TAGS
    }

    /**
     * What the server answers: reasoning (may be null), the answer, and where the reasoning goes. The
     * finish reason is {@code length} when the reply is cut at {@code max_tokens} (or fills it under
     * {@code ignore_eos}), else {@code stop}.
     */
    public record Reply(String reasoning, String content, ReasoningStyle style) {}

    @FunctionalInterface
    public interface Responder {
        /** {@code request} is the parsed request body. */
        Reply reply(JsonNode request);
    }

    @FunctionalInterface
    public interface FaultPolicy {
        /** {@code attempt} counts earlier requests with the very same body (0 the first time). */
        Fault fault(JsonNode request, int attempt);
    }

    /**
     * @param ttftMs            delay before the first token
     * @param tokenDelayMs      delay between tokens
     * @param outputTokens      tokens of the default reply when the request does not ask for ignore_eos
     * @param sendUsage         whether to send usage (off: a server that never does)
     * @param apiKey            the bearer token required, or null for none
     * @param retryAfterMs      what a RATE_LIMIT fault asks to wait
     */
    public record Settings(double ttftMs, double tokenDelayMs, int outputTokens, boolean sendUsage, String model, String apiKey,
            long retryAfterMs) {
        public static Settings defaults() {
            return new Settings(0, 0, 16, true, "mock-model", null, 50);
        }

        public Settings withTiming(double ttft, double tokenDelay) {
            return new Settings(ttft, tokenDelay, outputTokens, sendUsage, model, apiKey, retryAfterMs);
        }

        public Settings withApiKey(String key) {
            return new Settings(ttftMs, tokenDelayMs, outputTokens, sendUsage, model, key, retryAfterMs);
        }

        public Settings withUsage(boolean usage) {
            return new Settings(ttftMs, tokenDelayMs, outputTokens, usage, model, apiKey, retryAfterMs);
        }

        public Settings withOutputTokens(int n) {
            return new Settings(ttftMs, tokenDelayMs, n, sendUsage, model, apiKey, retryAfterMs);
        }
    }

    /** One request the server saw: when (nanoTime), its body's hash, how many times that body came before, the fault applied. */
    public record Seen(long nanos, String bodySha256, int attempt, Fault fault, String authorization) {}

    static {
        // Without TCP_NODELAY every small chunk waits for the client's delayed ACK (Nagle): ~40 ms stalls
        // that would be measured as server latency. Read once, when the JDK's server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+\\s*$|\\s*\\S+");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Settings settings;
    private final Responder responder;
    private final FaultPolicy faults;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicInteger> faultCounts = new EnumMap<>(Fault.class);
    private final AtomicLong completions = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    /** Every completion request, when {@code record} is on (tests); off for benchmarks. */
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final boolean record;

    private MockServer(HttpServer server, ExecutorService executor, Settings settings, Responder responder, FaultPolicy faults, boolean record) {
        this.server = server;
        this.executor = executor;
        this.settings = settings;
        this.responder = responder;
        this.faults = faults;
        this.record = record;
        for (Fault f : Fault.values()) faultCounts.put(f, new AtomicInteger());
    }

    /** Starts a server on the loopback interface ({@code port} 0: any free port). */
    public static MockServer start(int port, Settings settings, Responder responder, FaultPolicy faults, boolean record) throws IOException {
        return start(InetAddress.getLoopbackAddress(), port, settings, responder, faults, record);
    }

    public static MockServer start(InetAddress host, int port, Settings settings, Responder responder, FaultPolicy faults, boolean record)
            throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 1024);
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        s.setExecutor(ex);
        MockServer m = new MockServer(s, ex, settings, responder, faults == null ? (r, a) -> Fault.NONE : faults, record);
        s.createContext("/", m::handle);
        s.start();
        return m;
    }

    public static MockServer start(Settings settings) throws IOException {
        return start(0, settings, null, null, false);
    }

    /** The base URL to give {@code --base-url}, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public URI baseUrl() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + a.getPort() + "/v1");
    }

    public int faults(Fault f) {
        return faultCounts.get(f).get();
    }

    public int faultsTotal() {
        int n = 0;
        for (Fault f : Fault.values()) if (f != Fault.NONE) n += faultCounts.get(f).get();
        return n;
    }

    /** Completion requests answered in full. */
    public long completions() {
        return completions.get();
    }

    /** Forget which bodies were seen (attempt numbers start again at 0) and what was recorded. */
    public void reset() {
        attempts.clear();
        seen.clear();
        for (AtomicInteger c : faultCounts.values()) c.set(0);
        completions.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Thrown out of the handler without closing the exchange: the JDK server then drops the connection mid-body. */
    private static final class Cut extends RuntimeException {
        Cut() {
            super("injected mid-stream disconnect", null, false, false);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        boolean cut = false;
        try {
            handleOpen(x);
        } catch (Cut c) {
            cut = true;
            throw c;
        } finally {
            if (!cut) x.close();
        }
    }

    private void handleOpen(HttpExchange x) throws IOException {
        long arrived = System.nanoTime();
        String path = x.getRequestURI().getPath();
        byte[] raw = x.getRequestBody().readAllBytes();
        if (settings.apiKey() != null && !("Bearer " + settings.apiKey()).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            json(x, 401, error("Incorrect API key provided", "invalid_request_error", 401));
            return;
        }
        if (path.equals("/v1/models") && x.getRequestMethod().equals("GET")) {
            ObjectNode list = Json.MAPPER.createObjectNode().put("object", "list");
            list.putArray("data").addObject().put("id", settings.model()).put("object", "model").put("owned_by", "sputnik");
            json(x, 200, list);
            return;
        }
        boolean chat = path.equals("/v1/chat/completions");
        if (!chat && !path.equals("/v1/completions") || !x.getRequestMethod().equals("POST")) {
            json(x, 404, error("no route " + x.getRequestMethod() + " " + path, "not_found", 404));
            return;
        }
        JsonNode req;
        try {
            req = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            json(x, 400, error("body is not JSON", "invalid_request_error", 400));
            return;
        }
        String hash = Hashing.sha256(new String(raw, StandardCharsets.UTF_8));
        int attempt = attempts.computeIfAbsent(hash, k -> new AtomicInteger()).getAndIncrement();
        Fault fault = faults.fault(req, attempt);
        if (fault == null) fault = Fault.NONE;
        faultCounts.get(fault).incrementAndGet();
        if (record) seen.add(new Seen(arrived, hash, attempt, fault, x.getRequestHeaders().getFirst("Authorization")));
        switch (fault) {
            case RATE_LIMIT -> {
                x.getResponseHeaders().set("retry-after-ms", Long.toString(settings.retryAfterMs()));
                json(x, 429, error("Rate limit reached (injected)", "rate_limit_exceeded", 429));
                return;
            }
            case RATE_LIMIT_SECONDS -> {
                x.getResponseHeaders().set("Retry-After", "1");
                json(x, 429, error("Rate limit reached (injected)", "rate_limit_exceeded", 429));
                return;
            }
            case SERVER_ERROR -> {
                json(x, 500, error("Internal server error (injected)", "server_error", 500));
                return;
            }
            case BAD_REQUEST -> {
                json(x, 400, error("Unrecognized request argument supplied (injected)", "invalid_request_error", 400));
                return;
            }
            default -> {}
        }
        answer(x, req, chat, fault, arrived);
    }

    private void answer(HttpExchange x, JsonNode req, boolean chat, Fault fault, long arrived) throws IOException {
        int maxTokens = req.path("max_tokens").asInt(req.path("max_completion_tokens").asInt(Integer.MAX_VALUE));
        boolean ignoreEos = req.path("ignore_eos").asBoolean(false);
        Reply reply;
        if (responder != null) reply = responder.reply(req);
        else {
            int n = ignoreEos && maxTokens != Integer.MAX_VALUE ? maxTokens : Math.min(maxTokens, settings.outputTokens());
            reply = new Reply(null, " word".repeat(Math.max(0, n)), ReasoningStyle.REASONING_CONTENT);
        }
        // The pieces to send, in order, each tagged as reasoning or answer.
        List<String> pieces = new ArrayList<>();
        List<Boolean> isReasoning = new ArrayList<>();
        ReasoningStyle style = reply.style() == null ? ReasoningStyle.REASONING_CONTENT : reply.style();
        if (reply.reasoning() != null && style == ReasoningStyle.THINK_TAGS) {
            pieces.add("<think>");
            isReasoning.add(false);
            split(reply.reasoning(), pieces, isReasoning, false);
            pieces.add("</think>");
            isReasoning.add(false);
        } else if (reply.reasoning() != null) {
            split(reply.reasoning(), pieces, isReasoning, true);
        }
        split(reply.content(), pieces, isReasoning, false);
        String finish = "stop";
        if (pieces.size() > maxTokens) {
            pieces = new ArrayList<>(pieces.subList(0, maxTokens));
            isReasoning = new ArrayList<>(isReasoning.subList(0, maxTokens));
            finish = "length";
        } else if (ignoreEos && pieces.size() == maxTokens) {
            finish = "length";
        }
        int promptTokens = promptWords(req, chat);
        boolean stream = req.path("stream").asBoolean(false);
        boolean usage = settings.sendUsage() && (!stream || req.path("stream_options").path("include_usage").asBoolean(false));
        String id = (chat ? "chatcmpl-" : "cmpl-") + ids.incrementAndGet();
        String model = req.path("model").asText(settings.model());
        if (!stream) {
            waitUntil(arrived, settings.ttftMs() + Math.max(0, pieces.size() - 1) * settings.tokenDelayMs());
            ObjectNode body = Json.MAPPER.createObjectNode().put("id", id).put("object", chat ? "chat.completion" : "text_completion")
                    .put("model", model);
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            StringBuilder content = new StringBuilder(), thinking = new StringBuilder();
            for (int i = 0; i < pieces.size(); i++) (isReasoning.get(i) ? thinking : content).append(pieces.get(i));
            if (chat) {
                ObjectNode m = choice.putObject("message").put("role", "assistant").put("content", content.toString());
                if (!thinking.isEmpty()) m.put(style == ReasoningStyle.REASONING ? "reasoning" : "reasoning_content", thinking.toString());
            } else {
                choice.put("text", thinking + content.toString());
            }
            choice.put("finish_reason", finish);
            if (usage) usage(body, promptTokens, pieces.size());
            json(x, 200, body);
            completions.incrementAndGet();
            return;
        }
        x.getResponseHeaders().set("Content-Type", "text/event-stream");
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.sendResponseHeaders(200, 0);
        OutputStream out = x.getResponseBody();
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        int stopAt = fault == Fault.CUT || fault == Fault.EARLY_END || fault == Fault.STREAM_ERROR ? pieces.size() / 2 : pieces.size();
        for (int i = 0; i < stopAt; i++) {
            waitUntil(arrived, settings.ttftMs() + i * settings.tokenDelayMs());
            ObjectNode chunk = chunk(id, model, chat);
            ObjectNode choice = (ObjectNode) chunk.get("choices").get(0);
            String field = !chat ? "text" : isReasoning.get(i) ? (style == ReasoningStyle.REASONING ? "reasoning" : "reasoning_content") : "content";
            if (chat) {
                ObjectNode delta = choice.putObject("delta");
                if (i == 0) delta.put("role", "assistant");
                delta.put(field, pieces.get(i));
            } else {
                choice.put("text", pieces.get(i));
            }
            choice.putNull("finish_reason");
            event(out, chunk);
        }
        switch (fault) {
            case CUT -> throw new Cut();
            case EARLY_END -> {
                return;
            }
            case STREAM_ERROR -> {
                event(out, error("generation failed (injected)", "server_error", 500));
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            default -> {}
        }
        ObjectNode last = chunk(id, model, chat);
        ObjectNode choice = (ObjectNode) last.get("choices").get(0);
        if (chat) choice.putObject("delta");
        else choice.put("text", "");
        choice.put("finish_reason", finish);
        event(out, last);
        if (usage) {
            ObjectNode u = Json.MAPPER.createObjectNode().put("id", id).put("object", chat ? "chat.completion.chunk" : "text_completion")
                    .put("model", model);
            u.putArray("choices");
            usage(u, promptTokens, pieces.size());
            event(out, u);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        completions.incrementAndGet();
    }

    private static void split(String text, List<String> pieces, List<Boolean> kinds, boolean reasoning) {
        if (text == null || text.isEmpty()) return;
        Matcher m = TOKEN.matcher(text);
        int end = 0;
        while (m.find()) {
            pieces.add(m.group());
            kinds.add(reasoning);
            end = m.end();
        }
        if (end < text.length()) { // whitespace only
            pieces.add(text.substring(end));
            kinds.add(reasoning);
        }
    }

    private static int promptWords(JsonNode req, boolean chat) {
        StringBuilder b = new StringBuilder();
        if (chat) for (JsonNode m : req.path("messages")) b.append(m.path("content").asText()).append(' ');
        else b.append(req.path("prompt").asText());
        String s = b.toString().strip();
        return s.isEmpty() ? 0 : s.split("\\s+").length;
    }

    private ObjectNode chunk(String id, String model, boolean chat) {
        ObjectNode c = Json.MAPPER.createObjectNode().put("id", id).put("object", chat ? "chat.completion.chunk" : "text_completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
        ArrayNode choices = c.putArray("choices");
        choices.addObject().put("index", 0);
        return c;
    }

    private static void usage(ObjectNode body, int prompt, int completion) {
        body.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
    }

    private static void event(OutputStream out, JsonNode data) throws IOException {
        out.write(("data: " + Json.line(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode error(String message, String type, int code) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.putObject("error").put("message", message).put("type", type).put("code", code);
        return e;
    }

    private static void json(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.line(body).getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    /** Parks until {@code arrived + ms}, against the clock, so that lateness never accumulates. */
    private static void waitUntil(long arrived, double ms) {
        long deadline = arrived + (long) (ms * 1e6);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) LockSupport.parkNanos(left);
    }
}
