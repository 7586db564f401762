package sputnik.engines.openai.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import sputnik.harness.plugin.Environment;
import sputnik.harness.util.Json;

/**
 * Sends one request attempt to an OpenAI-compatible endpoint and reads the answer, streamed (SSE) or
 * whole. It does not retry (see {@link Retrying}). Plain {@code http://} goes over HTTP/1.1: the JDK
 * client's default h2c upgrade breaks some local servers. The API key goes into the
 * {@code Authorization} header only, and is masked in every message this class produces.
 *
 * <p>A stream counts as finished when {@code data: [DONE]} arrived, or the stream ended cleanly after
 * a chunk with a {@code finish_reason}; anything else (a reset connection, an end of stream before
 * either) is a cut stream, a retryable failure, and none of its text is kept.
 */
public final class EndpointClient implements AutoCloseable {
    static final int MAX_ERROR_CHARS = 300;

    private final Endpoint endpoint;
    private final ApiKind api;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;
    private final ScheduledExecutorService timer;

  public   EndpointClient(Endpoint endpoint, ApiKind api, String apiKey, Duration timeout) {
        this.endpoint = endpoint;
        this.api = api;
        this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
        this.timeout = timeout;
        Duration connect = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
        this.http = HttpClient.newBuilder()
                .version(endpoint.plainHttp() ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sputnik-openai-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public ApiKind api() {
        return api;
    }

    URI url() {
        return endpoint.resolve(api.route);
    }

    /** The request URL as it may be shown (query values hidden). */
    public String where() {
        return endpoint.display(api.route);
    }

    /** {@code text} with the API key masked. */
    String mask(String text) {
        if (text == null) return null;
        return apiKey == null ? text : text.replace(apiKey, "***");
    }

    private HttpRequest.Builder request(URI uri, Duration limit) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(limit)
                .header("User-Agent", "sputnik/" + Environment.sputnikVersion());
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    /** A GET of an API route (e.g. {@code /models}): status and body, the body null when it is not JSON. */
    record Reply(int status, JsonNode body) {}

    Reply get(String route, Duration limit) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(endpoint.resolve(route), limit).GET().header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(r.body());
        } catch (IOException notJson) {
            body = null;
        }
        return new Reply(r.statusCode(), body);
    }

    /**
     * One attempt. {@code promptChars} feeds the token estimate when the server sends no usage.
     *
     * @throws AttemptFailure       the attempt failed; {@link AttemptFailure#retryable()} says whether to try again
     * @throws InterruptedException the calling thread was interrupted (Ctrl-C, the runner's timeout)
     */
    Generation send(ObjectNode body, boolean stream, int promptChars) throws AttemptFailure, InterruptedException {
        ObjectNode wire = RequestBodies.withStreaming(body, stream);
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(wire);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest req = request(url(), timeout)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        Deadline deadline = new Deadline(Thread.currentThread());
        ScheduledFuture<?> alarm = timer.schedule(deadline::fire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> r;
            try {
                r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException | ConnectException e) {
                throw new AttemptFailure("connect", true, null, "cannot connect to " + endpoint.display() + " (" + describe(e) + ")");
            } catch (HttpTimeoutException e) {
                throw timedOut();
            } catch (IOException e) {
                if (deadline.fired()) throw timedOut();
                if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
                throw new AttemptFailure("connection", true, null, "connection to " + endpoint.display() + " failed (" + describe(e) + ")");
            } catch (InterruptedException e) {
                if (deadline.fired()) throw timedOut();
                throw e;
            }
            try (InputStream in = r.body()) {
                if (r.statusCode() / 100 != 2) throw httpFailure(r, in);
                String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                ChunkAccumulator acc = new ChunkAccumulator(start);
                if (stream && type.startsWith("text/event-stream")) return readStream(in, acc, promptChars, deadline);
                // Not streamed (as asked, or a server that ignored "stream"): one JSON body.
                JsonNode whole;
                try {
                    whole = Json.MAPPER.readTree(in);
                } catch (IOException e) {
                    if (deadline.fired()) throw timedOut();
                    if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
                    throw new AttemptFailure("bad response", true, null, "unreadable response from " + where() + " (" + describe(e) + ")");
                }
                if (whole == null || !whole.isObject()) throw new AttemptFailure("bad response", true, null, "empty response from " + where());
                failIfError(whole, where());
                acc.whole(whole);
                return acc.finish(System.nanoTime(), false, promptChars);
            } catch (IOException e) {
                // closing the body failed; the answer, if any, was already returned
                if (deadline.fired()) throw timedOut();
                throw new AttemptFailure("connection", true, null, "connection to " + endpoint.display() + " failed (" + describe(e) + ")");
            }
        } finally {
            alarm.cancel(false);
            deadline.disarm();
        }
    }

    private Generation readStream(InputStream in, ChunkAccumulator acc, int promptChars, Deadline deadline)
            throws AttemptFailure, InterruptedException {
        String uri = where();
        boolean done = false;
        SseReader sse = new SseReader(in);
        try {
            SseReader.Event e;
            while ((e = sse.next()) != null) {
                long now = System.nanoTime();
                String data = e.data().strip();
                if (data.equals("[DONE]")) {
                    done = true;
                    break;
                }
                JsonNode chunk;
                try {
                    chunk = Json.MAPPER.readTree(data);
                } catch (IOException bad) {
                    throw new AttemptFailure("bad response", true, null, "malformed stream chunk from " + uri + ": " + clip(data));
                }
                if (chunk == null || chunk.isMissingNode()) continue; // an empty data line
                if (e.type().equals("error")) throw streamError(chunk, uri);
                if (chunk != null && chunk.isObject()) {
                    failIfError(chunk, uri);
                    acc.chunk(chunk, now);
                }
            }
        } catch (IOException cut) {
            if (deadline.fired()) throw timedOut();
            if (Thread.currentThread().isInterrupted()) {
                Thread.interrupted();
                throw new InterruptedException();
            }
            throw new AttemptFailure("stream cut", true, null, "the stream from " + uri + " was cut after " + acc.textChunks()
                    + " chunks (" + describe(cut) + ")");
        }
        long end = System.nanoTime();
        if (!done && !acc.finished()) {
            throw new AttemptFailure("stream cut", true, null, "the stream from " + uri + " ended after " + acc.textChunks()
                    + " chunks without a finish_reason or [DONE]");
        }
        Generation g = acc.finish(end, true, promptChars);
        if (done) drain(sse);
        return g;
    }

    /**
     * Reads what follows {@code [DONE]} (normally just the end of the body), so the connection goes back
     * to the pool instead of being closed. The answer is complete already: a failure here costs nothing.
     */
    private static void drain(SseReader sse) {
        try {
            while (sse.next() != null) {
                // nothing is expected after [DONE]
            }
        } catch (IOException ignored) {
            // the connection is dropped instead of reused
        }
    }

    private AttemptFailure timedOut() {
        return new AttemptFailure("timeout", true, null, "no complete answer from " + where() + " within " + timeout.toSeconds() + " s (--timeout)");
    }

    /** An error object in a 200 response or a stream (vLLM reports failures mid-stream this way). */
    private void failIfError(JsonNode node, String uri) throws AttemptFailure {
        JsonNode err = node.get("error");
        if (err != null && !err.isNull()) throw streamError(node, uri);
    }

    private AttemptFailure streamError(JsonNode node, String uri) {
        JsonNode err = node.has("error") ? node.get("error") : node;
        int code = err.path("code").asInt(0);
        boolean retryable = code == 0 || retryableStatus(code);
        return new AttemptFailure(code == 0 ? "stream error" : "http " + code, retryable, null,
                uri + " reported an error: " + clip(message(err)));
    }

    static boolean retryableStatus(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    private AttemptFailure httpFailure(HttpResponse<InputStream> r, InputStream in) {
        int status = r.statusCode();
        String text;
        try {
            text = new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "";
        }
        String detail = text;
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n != null && n.has("error")) detail = message(n.get("error"));
            else if (n != null && n.has("message")) detail = n.get("message").asText();
            else if (n != null && n.has("detail")) detail = n.get("detail").toString();
        } catch (IOException notJson) {
            // keep the raw text
        }
        boolean retryable = retryableStatus(status);
        Optional<String> should = r.headers().firstValue("x-should-retry");
        if (should.isPresent()) retryable = should.get().equalsIgnoreCase("true");
        String hint = switch (status) {
            case 401, 403 -> "; check the API key in the variable named by --api-key-env";
            case 404 -> "; check --base-url (it should end with /v1) and --model";
            default -> "";
        };
        return new AttemptFailure("http " + status, retryable, retryAfter(r.headers()), "HTTP " + status + " from " + where() + ": "
                + clip(detail.isBlank() ? "(no message)" : detail) + hint);
    }

    private static String message(JsonNode err) {
        if (err.isTextual()) return err.asText();
        if (err.has("message")) return err.get("message").asText();
        return err.toString();
    }

    /**
     * What the server asked us to wait: {@code retry-after-ms} (milliseconds, as OpenAI sends), else
     * {@code Retry-After} in seconds or as an HTTP date. Null when absent or unreadable.
     */
    static Duration retryAfter(java.net.http.HttpHeaders h) {
        Optional<String> ms = h.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Duration.ofNanos((long) (Double.parseDouble(ms.get().strip()) * 1e6));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> ra = h.firstValue("retry-after");
        if (ra.isEmpty()) return null;
        String v = ra.get().strip();
        try {
            return Duration.ofNanos((long) (Double.parseDouble(v) * 1e9));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.between(ZonedDateTime.now(when.getZone()), when);
            } catch (java.time.format.DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private String clip(String s) {
        String one = mask(s).replaceAll("\\s+", " ").strip();
        return one.length() <= MAX_ERROR_CHARS ? one : one.substring(0, MAX_ERROR_CHARS) + "…";
    }

    private String describe(Throwable e) {
        String m = e.getMessage();
        String what = e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
        if (e.getCause() != null && e.getCause() != e && (m == null || m.isBlank())) what += " (" + describe(e.getCause()) + ")";
        return mask(what);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.shutdownNow();
    }

    /**
     * Interrupts the calling thread when an attempt runs past the timeout. {@link #disarm} and
     * {@link #fire} are mutually exclusive, so a late alarm never interrupts the thread's next task.
     */
    private static final class Deadline {
        private final Thread thread;
        private boolean armed = true;
        private boolean fired;

        Deadline(Thread thread) {
            this.thread = thread;
        }

        synchronized void fire() {
            if (!armed) return;
            fired = true;
            thread.interrupt();
        }

        synchronized boolean fired() {
            return fired;
        }

        void disarm() {
            boolean clear;
            synchronized (this) {
                armed = false;
                clear = fired;
            }
            if (clear) Thread.interrupted(); // our own alarm's interrupt, not the caller's
        }
    }
}
