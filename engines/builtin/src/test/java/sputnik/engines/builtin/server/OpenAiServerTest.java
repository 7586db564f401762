package sputnik.engines.builtin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.ScriptedModels;
import sputnik.engines.builtin.SharedModels;
import sputnik.engines.builtin.engine.Generator;
import sputnik.engines.builtin.engine.LoadedModel;
import sputnik.engines.builtin.sampling.Sampler;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.util.Json;

/**
 * sputnik serve's API over real HTTP, on a scripted model (it writes a known R1-style text: thinking, {@code </think>},
 * an answer) and on tiny-qwen3moe: response shapes, streaming, reasoning, stop strings, n and seeds, logprobs, echo,
 * usage, models, health, metrics, keys and errors.
 */
class OpenAiServerTest {
    static final String SCRIPT = "Two and two.</think>\n\nThe answer is \\boxed{4}.";
    static Path dir, scripted;
    static TestServer server;
    static int scriptTokens;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("sputnik-serve");
        scripted = ScriptedModels.write(dir.resolve("scripted.gguf"), SCRIPT);
        try (LoadedModel m = LoadedModel.open(scripted)) {
            scriptTokens = m.tokenizer().encode(SCRIPT, false, true).length;
        }
        server = TestServer.start(scripted, TestServer.Options.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    /** The data payloads of an SSE body, "[DONE]" included as text. */
    static List<String> events(String body) {
        List<String> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.startsWith("data: ")) out.add(block.substring(6));
        }
        return out;
    }

    static final String CHAT = "{\"model\": \"test\", \"messages\": [{\"role\": \"user\", \"content\": \"What is 2 + 2?\"}], \"temperature\": 0";

    @Test
    void aChatCompletionAsOpenAiSendsIt() throws Exception {
        HttpResponse<String> r = server.post("/v1/chat/completions", CHAT + "}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode b = json(r);
        assertThat(b.get("id").asText()).startsWith("chatcmpl-").isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(b.get("object").asText()).isEqualTo("chat.completion");
        assertThat(b.get("created").asLong()).isPositive();
        assertThat(b.get("model").asText()).isEqualTo("test");
        JsonNode c = b.get("choices").get(0);
        assertThat(c.get("index").asInt()).isZero();
        assertThat(c.get("message").get("role").asText()).isEqualTo("assistant");
        // R1's template opened <think> in the prompt: the thinking goes to reasoning_content, the answer to content
        assertThat(c.get("message").get("reasoning_content").asText()).isEqualTo("Two and two.");
        assertThat(c.get("message").get("content").asText()).isEqualTo("\n\nThe answer is \\boxed{4}.");
        assertThat(c.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(c.get("logprobs").isNull()).isTrue();
        JsonNode u = b.get("usage");
        assertThat(u.get("completion_tokens").asInt()).isEqualTo(scriptTokens + 1); // the end-of-generation token counts, as in --engine builtin
        assertThat(u.get("total_tokens").asInt()).isEqualTo(u.get("prompt_tokens").asInt() + u.get("completion_tokens").asInt());
    }

    @Test
    void aStreamSaysTheSameInDeltas() throws Exception {
        HttpResponse<String> r = server.post("/v1/chat/completions", CHAT + ", \"stream\": true, \"stream_options\": {\"include_usage\": true}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<String> ev = events(r.body());
        assertThat(ev.getLast()).isEqualTo("[DONE]");
        StringBuilder reasoning = new StringBuilder(), content = new StringBuilder();
        String finish = null, id = null;
        JsonNode usage = null;
        for (int i = 0; i < ev.size() - 1; i++) {
            JsonNode chunk = Json.MAPPER.readTree(ev.get(i));
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            if (id == null) id = chunk.get("id").asText();
            assertThat(chunk.get("id").asText()).isEqualTo(id);
            if (chunk.has("usage")) {
                assertThat(i).isEqualTo(ev.size() - 2); // the usage chunk comes last, with no choices
                assertThat(chunk.get("choices")).isEmpty();
                usage = chunk.get("usage");
                continue;
            }
            JsonNode c = chunk.get("choices").get(0);
            if (i == 0) assertThat(c.get("delta").get("role").asText()).isEqualTo("assistant");
            reasoning.append(c.get("delta").path("reasoning_content").asText(""));
            content.append(c.get("delta").path("content").asText(""));
            if (!c.get("finish_reason").isNull()) finish = c.get("finish_reason").asText();
        }
        assertThat(reasoning.toString()).isEqualTo("Two and two.");
        assertThat(content.toString()).isEqualTo("\n\nThe answer is \\boxed{4}.");
        assertThat(finish).isEqualTo("stop");
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(scriptTokens + 1);
        assertThat(ev.size()).isGreaterThan(scriptTokens / 2); // token by token, not all at the end
    }

    @Test
    void reasoningFormatNoneLeavesTheThinkingInContent() throws Exception {
        try (TestServer raw = TestServer.start(scripted, TestServer.Options.defaults().withReasoning(OpenAiServer.ReasoningFormat.NONE))) {
            JsonNode m = json(raw.post("/v1/chat/completions", CHAT + "}")).get("choices").get(0).get("message");
            assertThat(m.get("content").asText()).isEqualTo(SCRIPT);
            assertThat(m.has("reasoning_content")).isFalse();
        }
    }

    @Test
    void aStopStringCutsTheTextAndIsNeverStreamed() throws Exception {
        JsonNode whole = json(server.post("/v1/chat/completions", CHAT + ", \"stop\": [\"answer is\"]}")).get("choices").get(0);
        assertThat(whole.get("message").get("content").asText()).isEqualTo("\n\nThe ");
        assertThat(whole.get("finish_reason").asText()).isEqualTo("stop");
        StringBuilder streamed = new StringBuilder();
        for (String e : events(server.post("/v1/chat/completions", CHAT + ", \"stop\": \"answer is\", \"stream\": true}").body())) {
            if (!e.equals("[DONE]")) streamed.append(Json.MAPPER.readTree(e).get("choices").get(0).get("delta").path("content").asText(""));
        }
        assertThat(streamed.toString()).isEqualTo("\n\nThe ");
    }

    @Test
    void maxTokensEndsAsLength() throws Exception {
        JsonNode c = json(server.post("/v1/chat/completions", CHAT + ", \"max_completion_tokens\": 3}"));
        assertThat(c.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
        assertThat(c.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
        assertThat(c.get("choices").get(0).get("message").get("reasoning_content").asText()).isNotEmpty();
    }

    @Test
    void completionsContinueTextAndEchoIt() throws Exception {
        JsonNode b = json(server.post("/v1/completions", "{\"prompt\": \"Question: 2+2?\", \"max_tokens\": 5, \"temperature\": 0, \"echo\": true}"));
        assertThat(b.get("object").asText()).isEqualTo("text_completion");
        assertThat(b.get("id").asText()).startsWith("cmpl-");
        String text = b.get("choices").get(0).get("text").asText();
        assertThat(text).startsWith("Question: 2+2?Two and two");
        assertThat(b.get("usage").get("completion_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void severalPromptsAndNChoicesComeInOrder() throws Exception {
        JsonNode b = json(server.post("/v1/completions", "{\"prompt\": [\"a\", \"b b\"], \"n\": 2, \"max_tokens\": 2, \"temperature\": 0}"));
        JsonNode cs = b.get("choices");
        assertThat(cs).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(cs.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(cs.get(i).get("text").asText()).isEqualTo("Two and");
        }
        assertThat(b.get("usage").get("completion_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void logprobsForChatAndCompletions() throws Exception {
        JsonNode c = json(server.post("/v1/chat/completions", CHAT + ", \"max_tokens\": 4, \"logprobs\": true, \"top_logprobs\": 2}")).get("choices").get(0);
        JsonNode content = c.get("logprobs").get("content");
        assertThat(content).hasSize(4);
        assertThat(content.get(0).get("token").asText()).isEqualTo("Two");
        assertThat(content.get(0).get("bytes")).hasSize(3);
        for (JsonNode t : content) {
            assertThat(t.get("logprob").asDouble()).isLessThanOrEqualTo(0).isGreaterThan(-0.01); // the script's token leads by ~250 logits
            assertThat(t.get("top_logprobs")).hasSize(2);
            assertThat(t.get("top_logprobs").get(0).get("token").asText()).isEqualTo(t.get("token").asText());
        }
        JsonNode lp = json(server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 3, \"temperature\": 0, \"logprobs\": 1}"))
                .get("choices").get(0).get("logprobs");
        assertThat(lp.get("tokens")).extracting(JsonNode::asText).containsExactly("Two", " and", " two");
        assertThat(lp.get("text_offset")).extracting(JsonNode::asInt).containsExactly(0, 3, 7);
        assertThat(lp.get("top_logprobs").get(1).has(" and")).isTrue();
    }

    @Test
    void logitBiasSteersTheDraw() throws Exception {
        Path tiny = SharedModels.model("tiny-qwen3moe-q8_0");
        try (TestServer moe = TestServer.start(tiny); LoadedModel m = LoadedModel.open(tiny)) {
            int[] prompt = m.tokenizer().encode("Once upon a time");
            int first = moe.scheduler.generate(prompt, new Generator.Options(1, true, List.of(), Sampler.Settings.GREEDY, 0), null).tokens()[0];
            String req = "{\"prompt\": \"Once upon a time\", \"max_tokens\": 1, \"temperature\": 0, \"logprobs\": 0, \"logit_bias\": %s}";
            JsonNode banned = json(moe.post("/v1/completions", req.formatted("{\"" + first + "\": -100}"))).get("choices").get(0);
            assertThat(banned.get("text").asText()).isNotEqualTo(m.tokenizer().decode(new int[] {first}));
            JsonNode forced = json(moe.post("/v1/completions", req.formatted("{\"1234\": 100}"))).get("choices").get(0);
            assertThat(forced.get("text").asText()).isEqualTo(m.tokenizer().decode(new int[] {1234}));
            // the log-probabilities are the model's own, before the bias (as vLLM reports them)
            assertThat(forced.get("logprobs").get("token_logprobs").get(0).asDouble()).isLessThan(-1);
        }
        HttpResponse<String> outside = server.post("/v1/completions", "{\"prompt\": \"x\", \"logit_bias\": {\"99999999\": 1}}");
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(json(outside).get("error").get("param").asText()).isEqualTo("logit_bias");
    }

    /**
     * {@code echo} with {@code logprobs} (what lm-evaluation-harness's loglikelihood tasks send): every prompt token's
     * log-probability given the tokens before it, each the same as when that token is drawn after the same prefix.
     */
    @Test
    void echoWithLogprobsScoresEveryPromptToken() throws Exception {
        Path tiny = SharedModels.model("tiny-qwen3moe-q8_0");
        try (TestServer moe = TestServer.start(tiny); LoadedModel m = LoadedModel.open(tiny)) {
            int[] prompt = m.tokenizer().encode("The quick brown fox jumps over the lazy dog, and then it runs far away into the deep dark forest"
                    + " where nobody will ever find it again, not in a hundred years of looking.");
            assertThat(prompt.length).isGreaterThan(Generator.PROMPT_LOGPROBS_CHUNK); // scored over two passes
            String body = "{\"prompt\": " + java.util.Arrays.toString(prompt) + ", \"max_tokens\": 1, \"temperature\": 0, \"echo\": true, \"logprobs\": 2}";
            JsonNode c = json(moe.post("/v1/completions", body)).get("choices").get(0);
            JsonNode lp = c.get("logprobs");
            assertThat(lp.get("tokens")).hasSize(prompt.length + 1);
            assertThat(lp.get("token_logprobs").get(0).isNull()).isTrue();
            assertThat(lp.get("top_logprobs").get(0).isNull()).isTrue();
            assertThat(c.get("text").asText()).startsWith(m.tokenizer().decode(prompt));
            assertThat(lp.get("text_offset").get(prompt.length).asInt()).isEqualTo(m.tokenizer().decode(prompt).length());
            for (int k = 1; k < prompt.length; k++) {
                assertThat(lp.get("token_logprobs").get(k).asDouble()).isNegative();
                assertThat(lp.get("top_logprobs").get(k).size()).isBetween(2, 3);
                assertThat(lp.get("text_offset").get(k).asInt()).isGreaterThanOrEqualTo(lp.get("text_offset").get(k - 1).asInt());
            }
            for (int k : new int[] {1, 20, prompt.length - 1}) {
                String forced = "{\"prompt\": " + java.util.Arrays.toString(java.util.Arrays.copyOf(prompt, k)) + ", \"max_tokens\": 1, \"temperature\": 0,"
                        + " \"logprobs\": 0, \"logit_bias\": {\"" + prompt[k] + "\": 100}}";
                JsonNode f = json(moe.post("/v1/completions", forced)).get("choices").get(0).get("logprobs");
                assertThat(f.get("tokens").get(0).asText()).isEqualTo(lp.get("tokens").get(k).asText());
                assertThat(f.get("token_logprobs").get(0).asDouble()).as("position %d", k)
                        .isCloseTo(lp.get("token_logprobs").get(k).asDouble(), org.assertj.core.api.Assertions.within(1e-5));
            }
            // the prefix cache holds this prompt now, but a scored prompt is computed in full again: the same values
            assertThat(json(moe.post("/v1/completions", body)).get("choices").get(0).get("logprobs")).isEqualTo(lp);
            // streamed: the echo comes as one chunk with the prompt's log-probabilities, before the first token
            List<String> ev = events(moe.post("/v1/completions", body.replace("\"echo\"", "\"stream\": true, \"echo\"")).body());
            JsonNode first = Json.MAPPER.readTree(ev.getFirst()).get("choices").get(0);
            assertThat(first.get("text").asText()).isEqualTo(m.tokenizer().decode(prompt));
            assertThat(first.get("logprobs").get("token_logprobs")).hasSize(prompt.length);
            assertThat(first.get("logprobs").get("token_logprobs").get(1)).isEqualTo(lp.get("token_logprobs").get(1));
        }
    }

    /** {@code n} choices run as sequences of one batch that compute their prompt once: the others take its pages from the prefix cache. */
    @Test
    void nChoicesShareTheirPromptsPages() throws Exception {
        Path tiny = SharedModels.model("tiny-qwen3moe-q8_0");
        try (TestServer moe = TestServer.start(tiny); LoadedModel m = LoadedModel.open(tiny)) {
            String text = "word ".repeat(60);
            int tokens = m.tokenizer().encode(text).length, fullPages = (tokens - 1) / 16;
            JsonNode b = json(moe.post("/v1/completions", "{\"prompt\": \"" + text + "\", \"n\": 4, \"max_tokens\": 3, \"temperature\": 1, \"seed\": 1}"));
            assertThat(b.get("choices")).hasSize(4);
            assertThat(b.get("usage").get("prompt_tokens").asInt()).isEqualTo(tokens); // counted once, as OpenAI counts n
            assertThat(moe.scheduler.stats().promptTokensShared()).isEqualTo(3L * fullPages * 16);
            assertThat(moe.scheduler.stats().promptTokensComputed()).isEqualTo(4L * tokens - 3L * fullPages * 16);
            assertThat(moe.metric("sputnik_prefix_cache_shared_tokens_total")).isEqualTo(3.0 * fullPages * 16);
        }
    }

    @Test
    void modelsHealthAndMetrics() throws Exception {
        JsonNode models = json(server.get("/v1/models"));
        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.get("data").get(0).get("id").asText()).isEqualTo("test");
        assertThat(models.get("data").get(0).get("max_model_len").asInt()).isEqualTo(4096);
        HttpResponse<String> health = server.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("ok");
        server.post("/v1/chat/completions", CHAT + "}");
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("sputnik_requests_total{endpoint=\"chat\",status=\"200\"}", "sputnik_time_to_first_token_seconds_bucket",
                "sputnik_time_per_output_token_seconds_count", "sputnik_num_requests_waiting", "sputnik_num_requests_running",
                "sputnik_kv_cache_usage_perc", "sputnik_generation_tokens_total", "sputnik_prompt_tokens_total", "sputnik_forward_passes_total");
        assertThat(server.metric("sputnik_generation_tokens_total")).isGreaterThanOrEqualTo(scriptTokens + 1);
    }

    @Test
    void theFileNameIsAnAliasOtherModelsAreNotFound() throws Exception {
        assertThat(server.post("/v1/chat/completions", CHAT.replace("\"test\"", "\"scripted.gguf\"") + "}").statusCode()).isEqualTo(200);
        HttpResponse<String> r = server.post("/v1/chat/completions", CHAT.replace("\"test\"", "\"gpt-4o\"") + "}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").get("code").asText()).isEqualTo("model_not_found");
        HttpResponse<String> path = server.get("/v2/nothing");
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat(json(path).get("error").get("message").asText()).contains("/v1/chat/completions");
        HttpResponse<String> method = server.get("/v1/chat/completions");
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(method.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aKeyIsRequiredWhenSetButHealthStaysOpen() throws Exception {
        try (TestServer keyed = TestServer.start(scripted, TestServer.Options.defaults().withApiKey("s3cret-key"))) {
            HttpResponse<String> none = keyed.post("/v1/chat/completions", CHAT + "}");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(json(none).get("error").get("code").asText()).isEqualTo("invalid_api_key");
            HttpResponse<String> wrong = keyed.post("/v1/chat/completions", CHAT + "}", "Authorization", "Bearer s3cret-kez");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("s3cret");
            assertThat(keyed.get("/v1/models").statusCode()).isEqualTo(401);
            assertThat(keyed.post("/v1/chat/completions", CHAT + "}", "Authorization", "Bearer s3cret-key").statusCode()).isEqualTo(200);
            assertThat(keyed.get("/health").statusCode()).isEqualTo(200);
            assertThat(keyed.get("/metrics").body()).doesNotContain("s3cret");
        }
    }

    @Test
    void healthIsNotReadyUntilTheModelIs() throws Exception {
        OpenAiServer loading = OpenAiServer.start(new OpenAiServer.Settings("127.0.0.1", 0, "x", List.of(), null, 1, 1 << 20,
                OpenAiServer.ReasoningFormat.DEEPSEEK, true));
        try {
            java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + loading.address().getPort();
            HttpResponse<String> h = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(h.statusCode()).isEqualTo(503);
            assertThat(h.body()).contains("loading");
            HttpResponse<String> r = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/completions"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"prompt\": \"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("model_loading");
        } finally {
            loading.shutdown(Duration.ZERO);
        }
    }

    /** Sampling: choice i of a request draws with seed + i, so the same seed gives the same text and choice 0 is the n = 1 request's. */
    @Test
    void seedsMakeSampledChoicesRepeatable() throws Exception {
        Path tiny = SharedModels.model("tiny-qwen3moe-q8_0");
        try (TestServer moe = TestServer.start(tiny)) {
            String req = "{\"prompt\": \"Once upon a time\", \"max_tokens\": 12, \"temperature\": 1, \"seed\": 5, \"n\": 3}";
            JsonNode a = json(moe.post("/v1/completions", req)).get("choices"), b = json(moe.post("/v1/completions", req)).get("choices");
            assertThat(a).isEqualTo(b);
            assertThat(a.get(0).get("text").asText()).isNotEqualTo(a.get(1).get("text").asText());
            JsonNode one = json(moe.post("/v1/completions", req.replace("\"seed\": 5, \"n\": 3", "\"seed\": 6"))).get("choices").get(0);
            assertThat(one.get("text")).isEqualTo(a.get(1).get("text"));
            // and what the scheduler gives the same tokens with the same seed directly
            Tokenizer tok = LoadedModel.open(tiny).tokenizer();
            Generator.Result direct = moe.scheduler.generate(tok.encode("Once upon a time"),
                    new Generator.Options(12, false, List.of(), new Sampler.Settings(1, 0, 1, 0), 5), null);
            assertThat(a.get(0).get("text").asText()).isEqualTo(direct.text());
        }
    }
}
