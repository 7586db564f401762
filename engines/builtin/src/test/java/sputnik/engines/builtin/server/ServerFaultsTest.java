package sputnik.engines.builtin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.ScriptedModels;
import sputnik.harness.util.Json;

/** What sputnik serve does when clients misbehave: they go away mid-stream, send broken or oversized requests, or ask too much. */
class ServerFaultsTest {
    static Path dir, model;

    @BeforeAll
    static void write() throws Exception {
        dir = Files.createTempDirectory("sputnik-faults");
        model = ScriptedModels.write(dir.resolve("scripted.gguf"), OpenAiServerTest.SCRIPT);
    }

    @AfterAll
    static void remove() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /**
     * A client that reads a few chunks of a long stream and hangs up: its sequence leaves the batch (the next write
     * fails, the sequence is cancelled before the next pass), its KV pages go back, and the server serves on.
     */
    @Test
    void aClientThatHangsUpMidStreamIsCancelledAndItsMemoryFreed() throws Exception {
        try (TestServer s = TestServer.start(model, TestServer.Options.defaults().withoutPrefixSharing())) {
            String body = "{\"prompt\": \"x\", \"max_tokens\": 4000, \"temperature\": 0, \"ignore_eos\": true, \"stream\": true}";
            try (Socket socket = new Socket("127.0.0.1", s.server.address().getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                int data = 0;
                for (String line; data < 5 && (line = in.readLine()) != null; ) if (line.startsWith("data: ")) data++;
                assertThat(data).isEqualTo(5);
                assertThat(s.scheduler.running()).isEqualTo(1);
                assertThat(s.scheduler.cache().pagesInUse()).isPositive();
            } // the client hangs up here
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((s.scheduler.running() > 0 || s.scheduler.cache().pagesInUse() > 0) && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(s.scheduler.running()).isZero();
            assertThat(s.scheduler.cache().pagesInUse()).isZero();
            assertThat(s.metric("sputnik_sequences_cancelled_total{reason=\"client_disconnected\"}")).isEqualTo(1);
            assertThat(s.scheduler.stats().decodeTokens()).isLessThan(4000);
            assertThat(s.server.admission().availablePermits()).isEqualTo(8 + 64); // its place in the batch is free again
            // and the next request is served as usual
            HttpResponse<String> next = s.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 2, \"temperature\": 0}");
            assertThat(Json.MAPPER.readTree(next.body()).get("choices").get(0).get("text").asText()).isEqualTo("Two and");
        }
    }

    /**
     * A streaming client that goes away while its request waits in the queue: the keep-alive comments the silent stream
     * gets notice it, and the request leaves the queue without ever taking a place in the batch.
     */
    @Test
    void aClientThatHangsUpWhileQueuedLeavesTheQueue() throws Exception {
        try (TestServer s = TestServer.start(model, TestServer.Options.defaults().withBatch(1, 1).withContext(100_000))) {
            String hog = "{\"prompt\": \"x\", \"max_tokens\": 90000, \"temperature\": 0, \"ignore_eos\": true, \"stream\": true}";
            try (Socket first = open(s, hog)) {
                BufferedReader in = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                for (String line = in.readLine(); !line.startsWith("data: "); line = in.readLine()) {
                    // headers, until the first token: the first request is in the batch
                }
                long admitted = s.scheduler.stats().promptTokens(); // the first request's prompt
                try (Socket queued = open(s, hog)) {
                    long until = System.nanoTime() + 10_000_000_000L;
                    while (s.scheduler.queued() == 0 && System.nanoTime() < until) Thread.sleep(5);
                    assertThat(s.scheduler.queued()).isEqualTo(1);
                } // hangs up while queued
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (s.scheduler.queued() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
                assertThat(s.scheduler.queued()).isZero();
                assertThat(s.scheduler.running()).isEqualTo(1); // the first still streams
                assertThat(s.metric("sputnik_sequences_cancelled_total{reason=\"client_disconnected\"}")).isEqualTo(1);
                assertThat(s.scheduler.stats().promptTokens()).as("the queued request was never admitted").isEqualTo(admitted);
            }
        }
    }

    /**
     * Many clients at once, streaming or not, a third of them hanging up part-way: every answer that completes is the
     * script (a sequence's tokens do not depend on what shares its batch), and afterwards nothing is left behind: no
     * sequence queued or running, every KV page and every admission permit back.
     */
    @Test
    void aCrowdOfClientsSomeHangingUpLeavesNothingBehind() throws Exception {
        try (TestServer s = TestServer.start(model, TestServer.Options.defaults().withBatch(6, 64).withoutPrefixSharing())) {
            java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger hungUp = new java.util.concurrent.atomic.AtomicInteger();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 48; c++) {
                    int client = c;
                    results.add(pool.submit(() -> {
                        boolean stream = client % 2 == 0, hangUp = client % 3 == 0 && stream;
                        int max = 3 + client % 7;
                        String body = "{\"prompt\": \"client " + client + " x\", \"max_tokens\": " + (hangUp ? 4000 : max)
                                + ", \"temperature\": 0, \"stream\": " + stream + (hangUp ? ", \"ignore_eos\": true" : "") + "}";
                        try (Socket socket = open(s, body)) {
                            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                            StringBuilder text = new StringBuilder();
                            int data = 0;
                            for (String line; (line = in.readLine()) != null; ) {
                                if (line.startsWith("data: {")) {
                                    data++;
                                    text.append(Json.MAPPER.readTree(line.substring(6)).get("choices").path(0).path("text").asText(""));
                                    if (hangUp && data == 3) {
                                        hungUp.incrementAndGet();
                                        return null;
                                    }
                                } else if (line.equals("data: [DONE]")) {
                                    return text.toString();
                                } else if (line.startsWith("{")) {
                                    return Json.MAPPER.readTree(line).get("choices").get(0).get("text").asText();
                                }
                            }
                            return "connection ended";
                        }
                    }));
                }
            }
            String script = "Two and two.</think>\n\nThe answer is \\boxed{4}.";
            for (int c = 0; c < results.size(); c++) {
                String text = results.get(c).get();
                if (text == null) continue; // hung up
                assertThat(text).as("client %d", c).isNotEmpty();
                assertThat(script).as("client %d", c).startsWith(text);
            }
            assertThat(hungUp.get()).isEqualTo(8);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((s.scheduler.running() > 0 || s.scheduler.queued() > 0 || s.scheduler.cache().pagesInUse() > 0
                    || s.server.admission().availablePermits() < 6 + 64) && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(s.scheduler.running()).isZero();
            assertThat(s.scheduler.queued()).isZero();
            assertThat(s.scheduler.cache().pagesInUse()).isZero();
            assertThat(s.server.admission().availablePermits()).isEqualTo(6 + 64);
            assertThat(s.metric("sputnik_sequences_cancelled_total{reason=\"client_disconnected\"}")).isEqualTo(8);
        }
    }

    /** A raw request on its own connection, which the server closes after the response (a whole body then ends at end of stream). */
    private static Socket open(TestServer s, String body) throws java.io.IOException {
        Socket socket = new Socket("127.0.0.1", s.server.address().getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    @Test
    void brokenAndOversizedRequestsGetOpenAiStyleErrors() throws Exception {
        try (TestServer s = TestServer.start(model, TestServer.Options.defaults().withContext(64).withBatch(2, 1))) {
            HttpResponse<String> broken = s.post("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}");
            assertThat(broken.statusCode()).isEqualTo(400);
            JsonNode e = Json.MAPPER.readTree(broken.body()).get("error");
            assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(e.get("code").asText()).isEqualTo("invalid_json");
            assertThat(e.get("message").asText()).contains("could not parse the JSON body");
            assertThat(e.has("param")).isTrue();

            HttpResponse<String> tooLong = s.post("/v1/completions", "{\"prompt\": \"" + "word ".repeat(200) + "\"}");
            assertThat(tooLong.statusCode()).isEqualTo(400);
            JsonNode t = Json.MAPPER.readTree(tooLong.body()).get("error");
            assertThat(t.get("code").asText()).isEqualTo("context_length_exceeded");
            assertThat(t.get("param").asText()).isEqualTo("prompt");
            assertThat(t.get("message").asText()).contains("maximum context length is 64 tokens", "However, your prompt resulted in 20");

            HttpResponse<String> tooBig = s.post("/v1/completions", "{\"prompt\": \"" + "x".repeat(1 << 20) + "\"}");
            assertThat(tooBig.statusCode()).isEqualTo(413);
            assertThat(Json.MAPPER.readTree(tooBig.body()).get("error").get("code").asText()).isEqualTo("request_too_large");

            HttpResponse<String> tooMany = s.post("/v1/completions", "{\"prompt\": \"x\", \"n\": 4}");
            assertThat(tooMany.statusCode()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(tooMany.body()).get("error").get("param").asText()).isEqualTo("n");

            HttpResponse<String> badToken = s.post("/v1/completions", "{\"prompt\": [1, 99999999]}");
            assertThat(badToken.statusCode()).isEqualTo(400);
            assertThat(badToken.body()).contains("out of the vocabulary");

            // nothing of these reached the scheduler, and the server still answers
            assertThat(s.scheduler.stats().promptTokens()).isZero();
            assertThat(s.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 1}").statusCode()).isEqualTo(200);
            assertThat(s.metric("sputnik_requests_rejected_total{reason=\"context_length_exceeded\"}")).isEqualTo(1);
            // the body is not read, so the connection closes after the 413: a client must not send its next request on it
            for (int i = 0; i < 5; i++) {
                assertThat(s.post("/v1/completions", "{\"prompt\": \"" + "x".repeat(1 << 20) + "\"}").statusCode()).isEqualTo(413);
                assertThat(s.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 1}").statusCode()).isEqualTo(200);
            }
        }
    }
}
