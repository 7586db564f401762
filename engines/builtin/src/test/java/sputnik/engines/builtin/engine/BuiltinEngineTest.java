package sputnik.engines.builtin.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.builtin.DamagedModels;
import sputnik.engines.builtin.ScriptedModels;
import sputnik.engines.builtin.SharedModels;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineContext;
import sputnik.harness.api.EngineException;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Request;
import sputnik.harness.api.Sampling;
import sputnik.harness.api.UsageException;

/** --engine builtin through the harness API, on the reference models. */
class BuiltinEngineTest {
    private static Path cache;
    private static String previous;

    @BeforeAll
    static void privateCache() throws Exception {
        cache = Files.createTempDirectory("sputnik-cache");
        previous = System.getProperty("sputnik.cache.dir");
        System.setProperty("sputnik.cache.dir", cache.toString());
    }

    @AfterAll
    static void restoreCache() {
        if (previous == null) System.clearProperty("sputnik.cache.dir");
        else System.setProperty("sputnik.cache.dir", previous);
        try (var files = java.nio.file.Files.walk(cache)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory left behind
        }
    }

    private static BuiltinEngineProvider provider(int threads) {
        BuiltinEngineProvider p = new BuiltinEngineProvider();
        p.threads = threads;
        return p;
    }

    private static EngineContext context(String model) {
        return new EngineContext(SharedModels.model(model).toString(), Duration.ofMinutes(1), 4);
    }

    private static Request request(Prompt prompt, double temperature, int maxTokens, long seed, List<String> stop) {
        return new Request("s", "p", 0, prompt, new Sampling(temperature, 1, 0, maxTokens, seed, stop));
    }

    private static JsonNode ref(String model) throws Exception {
        return new ObjectMapper().readTree(Files.readString(SharedModels.ref(model)));
    }

    @Test
    void greedyTextPromptsContinueAsLlamaCppDoes() throws Exception {
        for (String model : new String[] {"tiny-qwen2-q8_0", "tiny-qwen3moe-f32", "tiny-deepseek2-f32"}) {
            JsonNode p = ref(model).get("prompts").get(1);
            int[] greedy = new ObjectMapper().convertValue(p.get("greedy_tokens"), int[].class);
            Tokenizer tok;
            try (GgufFile f = GgufFile.open(SharedModels.model(model))) {
                tok = Tokenizer.from(f);
            }
            for (int t : greedy) assertThat(tok.isEndOfGeneration(t)).isFalse();
            BuiltinEngineProvider provider = provider(2);
            try (Engine e = provider.open(context(model))) {
                Completion c = e.generate(request(Prompt.text(p.get("prompt").asText()), 0, 16, 0, List.of()));
                assertThat(c.text()).isEqualTo(tok.decode(greedy));
                assertThat(c.finishReason()).isEqualTo(FinishReason.LENGTH);
                assertThat(c.completionTokens()).isEqualTo(16);
                assertThat(c.promptTokens()).isEqualTo(p.get("tokens").size());
                assertThat(c.timings().e2eMs()).isGreaterThanOrEqualTo(c.timings().ttftMs());
                assertThat(c.timings().tpotMs()).isNotNull();
                assertThat(e.model()).isEqualTo(model + ".gguf");
                Map<String, Object> config = provider.config(context(model));
                String sha = new ObjectMapper().readTree(Files.readString(SharedModels.file("index.json"))).get("models").get(model + ".gguf").get("sha256").asText();
                assertThat(config).containsEntry("model_sha256", sha).containsEntry("model_file", model + ".gguf").containsEntry("context", 4096);
            }
        }
    }

    @Test
    void concurrentRequestsGetWhatTheyWouldGetAlone() throws Exception {
        try (Engine e = provider(2).open(context("tiny-qwen3moe-q8_0"))) {
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) requests.add(request(Prompt.user("What is " + i + " + " + i + "?"), 0.8, 12, 100 + i, List.of()));
            List<String> alone = new ArrayList<>();
            for (Request r : requests) alone.add(e.generate(r).text());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Completion>> futures = new ArrayList<>();
                for (Request r : requests) futures.add(pool.submit(() -> e.generate(r)));
                for (int i = 0; i < requests.size(); i++) assertThat(futures.get(i).get().text()).isEqualTo(alone.get(i));
            } finally {
                pool.shutdown();
            }
            assertThat(alone.stream().distinct()).as("seeds differ, draws differ").hasSizeGreaterThan(1);
        }
    }

    @Test
    void aStopStringEndsTheTextBeforeIt() throws Exception {
        try (Engine e = provider(1).open(context("tiny-qwen2-q8_0"))) {
            Prompt prompt = Prompt.text("def add(a, b):");
            String full = e.generate(request(prompt, 0, 24, 0, List.of())).text();
            String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
            Completion c = e.generate(request(prompt, 0, 24, 0, List.of(stop)));
            assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(c.text()).isEqualTo(full.substring(0, full.indexOf(stop)));
            assertThat(c.completionTokens()).isLessThan(24);
        }
    }

    @Test
    void chatPromptsGetTheModelsTemplate() throws Exception {
        for (String model : new String[] {"tiny-qwen2-q8_0", "tiny-qwen3moe-q8_0"}) {
            try (Engine e = provider(2).open(context(model))) {
                Completion c = e.generate(request(Prompt.user("What is 2 + 3?"), 0.6, 8, 1, List.of()));
                // R1: <｜begin▁of▁sentence｜><｜User｜>What is 2 + 3?<｜Assistant｜><think>\n ; Qwen3: <|im_start|>user\n...<|im_end|>\n<|im_start|>assistant\n
                assertThat(c.promptTokens()).isGreaterThan(9);
                assertThat(c.completionTokens()).isBetween(1, 8);
            }
        }
    }

    @Test
    void promptsLongerThanTheContextAndMissingModelsAreRefused() throws Exception {
        BuiltinEngineProvider p = provider(1);
        p.context = 8;
        try (Engine e = p.open(context("tiny-qwen3moe-q8_0"))) {
            assertThatThrownBy(() -> e.generate(request(Prompt.text("one two three four five six seven eight nine ten"), 0, 4, 0, List.of())))
                    .isInstanceOf(EngineException.class).hasMessageContaining("do not fit the context of 8");
            Completion c = e.generate(request(Prompt.text("one two"), 0, 100, 0, List.of()));
            assertThat(c.finishReason()).as("the context fills up").isEqualTo(FinishReason.LENGTH);
            assertThat(c.promptTokens() + c.completionTokens()).isEqualTo(8);
        }
        assertThatThrownBy(() -> provider(1).open(new EngineContext(null, Duration.ofMinutes(1), 1))).isInstanceOf(UsageException.class)
                .hasMessageContaining("--model");
        assertThatThrownBy(() -> provider(1).open(new EngineContext("/nonexistent/m.gguf", Duration.ofMinutes(1), 1)))
                .isInstanceOf(UsageException.class).hasMessageContaining("no such file");
    }

    /**
     * A damaged model computes NaN logits; greedy argmax then picks token 0 ("!") every time, and the sample used to be
     * graded as an ordinary answer of "!!!!!!!!". It must fail as an engine error instead, saying where and why.
     */
    @Test
    void aModelWhoseLogitsAreNotFiniteFailsTheSample(@TempDir Path dir) throws Exception {
        // a norm of NaNs: every logit of the prompt's last token is NaN
        Path norm = DamagedModels.withNaN(dir, "tiny-qwen2-q8_0", "blk.0.attn_norm.weight");
        try (Engine e = provider(1).open(new EngineContext(norm.toString(), Duration.ofMinutes(1), 1))) {
            for (double temperature : new double[] {0, 0.8}) {
                assertThatThrownBy(() -> e.generate(request(Prompt.text("Hello, world!"), temperature, 8, 0, List.of())))
                        .isInstanceOf(EngineException.class)
                        .hasMessageContaining(norm.getFileName().toString())
                        .hasMessageContaining("non-finite logits (NaN or infinity) at token 5 of the prompt")
                        .hasMessageContaining("damaged");
            }
        }
        // the embedding row of the first greedy token (Q8_0: 68 bytes a row of 64): the prompt is fine, the second draw is not
        int first = 85278;
        Path row = DamagedModels.withNaN(dir, "tiny-qwen2-q8_0", "token_embd.weight", first * 68L, 68);
        try (Engine e = provider(1).open(new EngineContext(row.toString(), Duration.ofMinutes(1), 1))) {
            assertThatThrownBy(() -> e.generate(request(Prompt.text("Hello, world!"), 0, 8, 0, List.of())))
                    .isInstanceOf(EngineException.class).hasMessageContaining("non-finite logits (NaN or infinity) at token 1 of the generation");
            // a prompt that never meets the damaged row is unaffected
            Completion c = e.generate(request(Prompt.text("Hello"), 0, 1, 0, List.of()));
            assertThat(c.completionTokens()).isEqualTo(1);
        }
    }

    /**
     * R1's template opens {@code <think>} in the prompt, so the generated text starts inside the thinking. As for the
     * OpenAI engine, a block that closes is split into reasoning and answer, and one that never closes stays in the
     * text with its opening tag, for the grader to see; without the tag the thinking read as an answer.
     */
    @Test
    void aThinkBlockThePromptOpenedIsSplitOffWhenItClosesAndLeftOpenWhenItDoesNot(@TempDir Path dir) throws Exception {
        Path closes = ScriptedModels.write(dir.resolve("closes.gguf"), "Two and two.</think>\n\nThe answer is \\boxed{4}.");
        try (Engine e = provider(1).open(new EngineContext(closes.toString(), Duration.ofMinutes(1), 1))) {
            for (double temperature : new double[] {0, 0.6}) {
                Completion c = e.generate(request(Prompt.user("What is 2 + 2?"), temperature, 64, 7, List.of()));
                assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
                assertThat(c.reasoning()).isEqualTo("Two and two.");
                assertThat(c.text()).isEqualTo("\n\nThe answer is \\boxed{4}.");
            }
            // a text prompt opens nothing; a block the model closes itself is still split off, as the OpenAI engine does
            Completion plain = e.generate(request(Prompt.text("What is 2 + 2?"), 0, 64, 0, List.of()));
            assertThat(plain.reasoning()).isEqualTo("Two and two.");
        }
        Path open = ScriptedModels.write(dir.resolve("open.gguf"), "Two and two make");
        try (Engine e = provider(1).open(new EngineContext(open.toString(), Duration.ofMinutes(1), 1))) {
            Completion c = e.generate(request(Prompt.user("What is 2 + 2?"), 0, 64, 0, List.of()));
            assertThat(c.finishReason()).as("an end-of-generation token inside the thinking").isEqualTo(FinishReason.STOP);
            assertThat(c.reasoning()).isNull();
            assertThat(c.text()).isEqualTo("<think>\nTwo and two make");
            Completion text = e.generate(request(Prompt.text("What is 2 + 2?"), 0, 64, 0, List.of()));
            assertThat(text.text()).as("no template, no block: the text as generated").isEqualTo("Two and two make");
        }
    }
}
