package sputnik.engines.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.openai.mock.MockServer.Fault;
import sputnik.engines.openai.mock.MockServer.ReasoningStyle;
import sputnik.engines.openai.mock.MockServer.Reply;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineException;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Request;
import sputnik.harness.api.UsageException;
import sputnik.engines.openai.mock.MockServer;

/** The engine against a real HTTP server in the test: streaming, usage, reasoning, faults, retries, cache, keys. */
class OpenAiEngineTest {
    @TempDir
    Path tmp;

    private MockServer server;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private MockServer serve(MockServer.Settings s, MockServer.Responder r, MockServer.FaultPolicy f) throws Exception {
        MockServer.Responder recording = req -> {
            bodies.add(req);
            return r.reply(req);
        };
        server = MockServer.start(0, s, recording, f, true);
        return server;
    }

    private static Reply reply(String reasoning, String content, ReasoningStyle style) {
        return new Reply(reasoning, content, style);
    }

    @Test
    void streamsChatWithUsageAndReasoningFromReasoningContent() throws Exception {
        serve(MockServer.Settings.defaults(), r -> reply("Let me add 2 and 2.", "The answer is \\boxed{4}.", ReasoningStyle.REASONING_CONTENT), null);
        try (Engine e = new Engines(server).open()) {
            Completion c = e.generate(Engines.request("p1", 0, "What is 2+2?"));
            assertThat(c.text()).isEqualTo("The answer is \\boxed{4}.");
            assertThat(c.reasoning()).isEqualTo("Let me add 2 and 2.");
            assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(c.completionTokens()).isEqualTo(10); // 6 reasoning + 4 answer words, from usage
            assertThat(c.promptTokens()).isEqualTo(3);
            assertThat(c.tokensEstimated()).isFalse();
            assertThat(c.timings().ttftAnswerMs()).isNotNull().isGreaterThanOrEqualTo(c.timings().ttftMs());
            assertThat(c.timings().itlMs().count()).isEqualTo(9);
            assertThat(c.timings().tpotMs()).isEqualTo((c.timings().e2eMs() - c.timings().ttftMs()) / 9);
        }
        JsonNode sent = bodies.getFirst();
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(sent.get("model").asText()).isEqualTo("mock-model");
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.6);
        assertThat(sent.get("top_p").asDouble()).isEqualTo(0.95);
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(1000);
        assertThat(sent.get("seed").asLong()).isEqualTo(1234);
        assertThat(sent.has("top_k")).as("top_k 0 is off and not sent (OpenAI rejects it)").isFalse();
        assertThat(sent.has("stop")).isFalse();
    }

    @Test
    void reasoningFieldAndThinkTagsAreSeparatedToo() throws Exception {
        AtomicInteger n = new AtomicInteger();
        serve(MockServer.Settings.defaults(), r -> switch (n.getAndIncrement()) {
            case 0 -> reply("thinking hard", "\\boxed{7}", ReasoningStyle.REASONING);
            case 1 -> reply("thinking in tags", "\\boxed{8}", ReasoningStyle.THINK_TAGS);
            default -> reply(null, "  thought without an opening tag </think> \\boxed{9}", ReasoningStyle.REASONING_CONTENT);
        }, null);
        try (Engine e = new Engines(server).open()) {
            Completion a = e.generate(Engines.request("p", 0, "q"));
            assertThat(a.reasoning()).isEqualTo("thinking hard");
            assertThat(a.text()).isEqualTo("\\boxed{7}");
            Completion b = e.generate(Engines.request("p", 1, "q"));
            assertThat(b.reasoning()).isEqualTo("thinking in tags");
            assertThat(b.text()).isEqualTo("\\boxed{8}");
            assertThat(b.timings().ttftAnswerMs()).isGreaterThan(b.timings().ttftMs());
            Completion c = e.generate(Engines.request("p", 2, "q"));
            assertThat(c.reasoning()).isEqualTo("thought without an opening tag");
            assertThat(c.text()).isEqualTo(" \\boxed{9}");
        }
    }

    @Test
    void anUnclosedThinkBlockIsLeftForTheGraderToFlag() throws Exception {
        serve(MockServer.Settings.defaults(), r -> reply(null, "<think> still going and going", ReasoningStyle.REASONING_CONTENT), null);
        try (Engine e = new Engines(server).open()) {
            Completion c = e.generate(new Request("t:p#0", "p", 0, Prompt.user("q"), Engines.sampling(3)));
            assertThat(c.text()).isEqualTo("<think> still going");
            assertThat(c.reasoning()).isNull();
            assertThat(c.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(c.truncated()).isTrue();
            assertThat(c.timings().ttftAnswerMs()).isNull();
        }
    }

    @Test
    void textCompletionsAndNonStreamingWork() throws Exception {
        serve(MockServer.Settings.defaults(), r -> reply("why", "because", ReasoningStyle.REASONING_CONTENT), null);
        Engines chatNoStream = new Engines(server);
        chatNoStream.provider.endpoint.noStream = true;
        try (Engine e = chatNoStream.open()) {
            Completion c = e.generate(Engines.request("p", 0, "q"));
            assertThat(c.text()).isEqualTo("because");
            assertThat(c.reasoning()).isEqualTo("why");
            assertThat(c.timings().ttftMs()).as("not streamed: only e2e is measured").isEqualTo(c.timings().e2eMs());
            assertThat(c.timings().tpotMs()).isNull();
            assertThat(c.timings().itlMs()).isNull();
            assertThat(c.completionTokens()).isEqualTo(2);
        }
        assertThat(bodies.getLast().get("stream").asBoolean()).isFalse();
        assertThat(bodies.getLast().has("stream_options")).isFalse();
        Engines completions = new Engines(server);
        completions.provider.endpoint.api = "completions";
        try (Engine e = completions.open()) {
            Completion c = e.generate(new Request("t:p#1", "p", 1, Prompt.text("Problem: 1+1\nSolution:"), Engines.sampling(50)));
            assertThat(c.text()).isEqualTo("whybecause");
            assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
        }
        assertThat(bodies.getLast().get("prompt").asText()).isEqualTo("Problem: 1+1\nSolution:");
        assertThat(bodies.getLast().has("messages")).isFalse();
    }

    @Test
    void withoutUsageTheCountsAreEstimatedAndSaidToBe() throws Exception {
        serve(MockServer.Settings.defaults().withUsage(false), r -> reply("a b", "c d e", ReasoningStyle.REASONING_CONTENT), null);
        Engines en = new Engines(server);
        try (Engine e = en.open()) {
            Completion c = e.generate(Engines.request("p", 0, "twelve chars"));
            assertThat(c.tokensEstimated()).isTrue();
            assertThat(c.completionTokens()).as("one token per streamed chunk").isEqualTo(5);
            assertThat(c.promptTokens()).as("ceil(12 chars / 4)").isEqualTo(3);
            e.generate(Engines.request("p", 1, "again"));
        }
        assertThat(en.notes()).contains("sent no token usage; token counts are estimated");
        assertThat(en.notes().split("no token usage", -1)).as("said once, not per sample").hasSize(2);
    }

    @Test
    void extraBodyIsMergedAndNullRemovesAField() throws Exception {
        serve(MockServer.Settings.defaults(), r -> reply(null, "ok", null), null);
        Engines en = new Engines(server);
        en.provider.endpoint.extraBody = "{\"min_p\": 0.05, \"max_tokens\": null, \"max_completion_tokens\": 77, \"stream_options\": {\"continuous_usage_stats\": true}}";
        try (Engine e = en.open()) {
            e.generate(Engines.request("p", 0, "q"));
        }
        JsonNode sent = bodies.getFirst();
        assertThat(sent.get("min_p").asDouble()).isEqualTo(0.05);
        assertThat(sent.has("max_tokens")).isFalse();
        assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(77);
        assertThat(sent.at("/stream_options/continuous_usage_stats").asBoolean()).isTrue();
        assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> recorded = (java.util.Map<String, Object>) Engines.config(en.provider).get("extra_body");
        assertThat(recorded).containsEntry("min_p", 0.05).containsEntry("max_completion_tokens", 77).containsKey("max_tokens");
        en.provider.endpoint.extraBody = "{\"stream\": false}";
        assertThatThrownBy(() -> en.open()).isInstanceOf(UsageException.class).hasMessageContaining("must not set \"stream\"");
        en.provider.endpoint.extraBody = "[1]";
        assertThatThrownBy(() -> en.open()).isInstanceOf(UsageException.class).hasMessageContaining("JSON object");
    }

    @Test
    void everyRetryableFaultIsRetriedAndTheAnswerIsTheWholeOne() throws Exception {
        Fault[] kinds = {Fault.RATE_LIMIT, Fault.SERVER_ERROR, Fault.CUT, Fault.EARLY_END, Fault.STREAM_ERROR};
        for (Fault kind : kinds) {
            serve(MockServer.Settings.defaults(), r -> reply("think think", "one two three four \\boxed{5}", null),
                    (r, attempt) -> attempt < 2 ? kind : Fault.NONE);
            try (Engine e = new Engines(server).open()) {
                Completion c = e.generate(Engines.request("p", 0, "q"));
                assertThat(c.text()).as(kind.name()).isEqualTo("one two three four \\boxed{5}");
                assertThat(c.reasoning()).as(kind.name()).isEqualTo("think think");
                assertThat(c.completionTokens()).as(kind.name()).isEqualTo(7);
            }
            assertThat(server.faults(kind)).as(kind.name()).isEqualTo(2);
            assertThat(server.seen).as(kind.name()).hasSize(3);
            server.close();
        }
        server = null;
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        MockServer.Settings s = new MockServer.Settings(0, 0, 16, true, "mock-model", null, 300);
        serve(s, r -> reply(null, "fine", null), (r, attempt) -> attempt == 0 ? Fault.RATE_LIMIT : attempt == 1 ? Fault.RATE_LIMIT_SECONDS : Fault.NONE);
        Engines en = new Engines(server);
        en.provider.endpoint.retryBackoffMs = 1; // so any wait longer than a few ms comes from the server's header
        try (Engine e = en.open()) {
            assertThat(e.generate(Engines.request("p", 0, "q")).text()).isEqualTo("fine");
        }
        assertThat(server.seen).hasSize(3);
        long firstWait = server.seen.get(1).nanos() - server.seen.get(0).nanos();
        long secondWait = server.seen.get(2).nanos() - server.seen.get(1).nanos();
        assertThat(firstWait).as("retry-after-ms: 300").isGreaterThanOrEqualTo(300_000_000L);
        assertThat(secondWait).as("Retry-After: 1").isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void aClientErrorIsNotRetriedAndGivingUpSaysWhy() throws Exception {
        serve(MockServer.Settings.defaults(), r -> reply(null, "x", null), (r, a) -> Fault.SERVER_ERROR);
        Engines en = new Engines(server);
        en.provider.endpoint.maxRetries = 2;
        try (Engine e = en.open()) {
            assertThatThrownBy(() -> e.generate(Engines.request("p", 0, "q")))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("HTTP 500 from " + server.baseUrl() + "/chat/completions")
                    .hasMessageContaining("Internal server error (injected)")
                    .hasMessageContaining("gave up after 3 attempts");
        }
        assertThat(server.seen).hasSize(3);
        server.close();
        // 404 (wrong route) is not retried at all
        serve(MockServer.Settings.defaults(), r -> reply(null, "x", null), null);
        Engines wrong = new Engines(server);
        wrong.provider.endpoint.baseUrl = java.util.List.of(server.baseUrl() + "/nope");
        try (Engine e = wrong.open()) {
            assertThatThrownBy(() -> e.generate(Engines.request("p", 0, "q")))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("HTTP 404")
                    .hasMessageContaining("check --base-url")
                    .hasMessageNotContaining("attempts");
        }
    }

    @Test
    void theKeyIsSentAsABearerTokenAndNeverShown() throws Exception {
        String key = "sk-test-SECRET-0123456789";
        serve(MockServer.Settings.defaults().withApiKey(key), r -> reply(null, "echo " + key, null), null);
        Engines en = new Engines(server).key("MY_KEY", key);
        try (Engine e = en.open()) {
            e.generate(Engines.request("p", 0, "q"));
        }
        assertThat(server.seen.getFirst().authorization()).isEqualTo("Bearer " + key);
        assertThat(Engines.config(en.provider).toString()).doesNotContain(key);
        // a wrong key fails before any work, without showing either key
        Engines bad = new Engines(server).key("MY_KEY", "sk-wrong-key-42");
        assertThatThrownBy(bad::open).isInstanceOf(UsageException.class)
                .hasMessageContaining("refused the request (HTTP 401)")
                .hasMessageContaining("$MY_KEY")
                .hasMessageNotContaining("sk-wrong-key-42");
        Engines none = new Engines(server);
        assertThatThrownBy(none::open).isInstanceOf(UsageException.class).hasMessageContaining("export OPENAI_API_KEY=");
        Engines unset = new Engines(server).key("MY_KEY", null);
        assertThatThrownBy(unset::open).isInstanceOf(UsageException.class).hasMessageContaining("$MY_KEY, which is not set");
    }

    @Test
    void anUnreachableEndpointIsOneLineNamingTheUrlAndWhatToDo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        serve(MockServer.Settings.defaults(), r -> reply(null, "x", null), null);
        Engines en = new Engines(server);
        en.provider.endpoint.baseUrl = java.util.List.of("http://127.0.0.1:" + port);
        assertThatThrownBy(en::open).isInstanceOf(UsageException.class)
                .hasMessage("cannot reach http://127.0.0.1:" + port + "/v1 (connection refused): start the server, or fix --base-url");
    }

    @Test
    void theModelIsTakenFromTheServerWhenNotGiven() throws Exception {
        serve(MockServer.Settings.defaults(), r -> reply(null, "x", null), null);
        Engines en = new Engines(server);
        en.model = null;
        try (Engine e = en.open()) {
            assertThat(e.model()).isEqualTo("mock-model");
        }
        assertThat(en.notes()).contains("serves one model, 'mock-model'");
        Engines other = new Engines(server);
        other.model = "not-served";
        try (Engine e = other.open()) {
            assertThat(e.model()).isEqualTo("not-served");
        }
        assertThat(other.notes()).contains("does not list model 'not-served'");
    }

    @Test
    void aRequestOverTheTimeoutFailsAsATimeout() throws Exception {
        serve(MockServer.Settings.defaults().withTiming(0, 400), r -> reply(null, "a b c d e f", null), null);
        Engines en = new Engines(server);
        en.timeout = Duration.ofMillis(700);
        en.provider.endpoint.maxRetries = 0;
        try (Engine e = en.open()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> e.generate(Engines.request("p", 0, "q"))).isInstanceOf(EngineException.class)
                    .hasMessageContaining("no complete answer").hasMessageContaining("--timeout");
            assertThat((System.nanoTime() - t0) / 1e6).isLessThan(2_000);
            assertThat(Thread.currentThread().isInterrupted()).as("the timeout's interrupt does not leak").isFalse();
        }
    }

    @Test
    void theCacheAnswersARequestSeenBeforeAndOnlyThatOne() throws Exception {
        serve(MockServer.Settings.defaults(), r -> reply("r", "answer", null), null);
        Path cache = tmp.resolve("cache");
        try (Engine e = new Engines(server).cache(cache).open()) {
            e.generate(Engines.request("p", 0, "q"));
            e.generate(Engines.request("p", 1, "q"));
        }
        assertThat(server.completions()).isEqualTo(2);
        Completion again;
        try (Engine e = new Engines(server).cache(cache).open()) {
            again = e.generate(Engines.request("p", 0, "q"));
            e.generate(Engines.request("p", 1, "q"));
            e.generate(Engines.request("p", 2, "q")); // a new sample: paid for
            e.generate(Engines.request("p", 0, "another question")); // a new prompt: paid for
        }
        assertThat(server.completions()).isEqualTo(4);
        assertThat(again.text()).isEqualTo("answer");
        assertThat(again.reasoning()).isEqualTo("r");
        Engines otherTemp = new Engines(server).cache(cache);
        otherTemp.provider.endpoint.extraBody = "{\"min_p\": 0.1}";
        try (Engine e = otherTemp.open()) {
            e.generate(Engines.request("p", 0, "q"));
        }
        assertThat(server.completions()).as("extra body is part of the key").isEqualTo(5);
        try (var files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(5);
        }
    }

    @Test
    void aDroppedConnectionAndAStreamThatJustEndsAreBothCuts() throws Exception {
        for (Fault kind : new Fault[] {Fault.CUT, Fault.EARLY_END}) {
            serve(MockServer.Settings.defaults(), r -> reply(null, "a b c d e f g h", null), (r, a) -> kind);
            Engines en = new Engines(server);
            en.provider.endpoint.maxRetries = 0;
            try (Engine e = en.open()) {
                assertThatThrownBy(() -> e.generate(Engines.request("p", 0, "q"))).isInstanceOf(EngineException.class)
                        // A dropped connection may lose chunks already sent (the client sees the reset first),
                        // so how many arrived before the cut is not fixed; that it is a cut is.
                        .hasMessageMatching(kind == Fault.CUT ? ".*was cut after [0-4] chunks.*"
                                : ".*ended after 4 chunks without a finish_reason or \\[DONE\\].*");
            }
            server.close();
        }
        server = null;
    }
}
