package sputnik.engines.builtin.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.SharedModels;
import sputnik.engines.builtin.model.KvCache;
import sputnik.engines.builtin.sampling.Sampler;

/** Continuous batching on the reference models: what a sequence gets never depends on what shares its passes. */
class SchedulerTest {
    private static Scheduler.Config config(int threads, int maxBatch, int ubatch, long kvBytes, boolean prefixSharing) {
        return new Scheduler.Config(threads, 1024, maxBatch, ubatch, kvBytes, KvCache.Type.F16, prefixSharing);
    }

    private static Generator.Options greedy(int maxTokens) {
        return new Generator.Options(maxTokens, true, List.of(), Sampler.Settings.GREEDY, 0);
    }

    /** Prompts of different lengths; the even ones share a 40-token prefix (two full 16-position pages and a half). */
    private static List<int[]> prompts(int n, int vocab) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] p = new int[i % 2 == 0 ? 45 + 3 * i : 5 + 7 * i];
            for (int t = 0; t < p.length; t++) p[t] = (i % 2 == 0 && t < 40 ? 1000 + 37 * t : 50 + 131 * i + 17 * t) % vocab;
            out.add(p);
        }
        return out;
    }

    private static List<int[]> runConcurrently(Scheduler s, List<int[]> prompts, Generator.Options options) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(prompts.size());
        try {
            List<Future<Generator.Result>> futures = new ArrayList<>();
            for (int[] p : prompts) futures.add(callers.submit(() -> s.generate(p, options, null)));
            List<int[]> out = new ArrayList<>();
            for (Future<Generator.Result> f : futures) out.add(f.get(5, TimeUnit.MINUTES).tokens());
            return out;
        } finally {
            callers.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-qwen2-q8_0", "tiny-qwen3moe-f32", "tiny-qwen3moe-q8_0", "tiny-deepseek2-f32", "tiny-deepseek2-yarn-q8_0"})
    void sixteenConcurrentGreedySequencesProduceExactlyTheTokensEachProducesAlone(String name) throws Exception {
        try (LoadedModel m = LoadedModel.open(SharedModels.model(name))) {
            int vocab = m.model().hyperparameters().vocab();
            List<int[]> prompts = prompts(16, vocab);
            List<int[]> alone = new ArrayList<>();
            try (Scheduler one = new Scheduler(m.model(), m.tokenizer(), config(1, 1, 512, 64L << 20, false), false)) {
                for (int[] p : prompts) alone.add(one.generate(p, greedy(24), null).tokens());
            }
            // a different thread count, small passes (prompts split across passes, mixed with decode tokens), prefix sharing on
            try (Scheduler many = new Scheduler(m.model(), m.tokenizer(), config(2, 16, 19, 64L << 20, true), true)) {
                List<int[]> together = runConcurrently(many, prompts, greedy(24));
                for (int i = 0; i < prompts.size(); i++) assertThat(together.get(i)).as("%s sequence %d", name, i).isEqualTo(alone.get(i));
                Scheduler.Stats stats = many.stats();
                assertThat(stats.mostActive()).isGreaterThan(1);
                assertThat(stats.tokensPerPass()).isGreaterThan(1.5);
                assertThat(stats.decodeTokens()).isEqualTo(16 * 23); // the first token of each comes from its prompt's pass
                // routing statistics: every token that went through a pass was routed to top-k experts of every MoE layer
                // (deepseek2's leading dense layers route nothing)
                if (stats.moeLayers() > 0) {
                    long tokens = stats.promptTokensComputed() + stats.decodeTokens();
                    int routed = 0;
                    for (long[] layer : stats.expertLoad()) {
                        long sum = java.util.Arrays.stream(layer).sum();
                        if (sum > 0) routed++;
                        assertThat(sum).isIn(0L, tokens * stats.expertsPerToken());
                    }
                    assertThat(routed).isEqualTo(stats.moeLayers());
                    assertThat(stats.distinctExpertsPerLayerPass()).isBetween((double) stats.expertsPerToken(), (double) stats.expertLoad()[0].length);
                } else {
                    for (long[] layer : stats.expertLoad()) assertThat(layer).isEmpty();
                }
            }
            assertThat(alone.stream().map(java.util.Arrays::toString).distinct()).hasSizeGreaterThan(8);
        }
    }

    /**
     * llama.cpp's own greedy continuations (../shared/models/ref, made with an F32 cache) of the three reference prompts,
     * each decoded among 16 sequences at once: the 3 prompts and 13 others, in small passes that mix prompt chunks and
     * decode tokens.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-qwen2-q8_0", "tiny-qwen3moe-f32", "tiny-qwen3moe-q8_0", "tiny-deepseek2-f32", "tiny-deepseek2-yarn-q8_0"})
    void referencePromptsDecodedAmongSixteenSequencesContinueAsLlamaCppDoes(String name) throws Exception {
        JsonNode ref = new ObjectMapper().readTree(Files.readString(SharedModels.ref(name)));
        try (LoadedModel m = LoadedModel.open(SharedModels.model(name))) {
            List<int[]> prompts = new ArrayList<>(), expected = new ArrayList<>();
            for (JsonNode p : ref.get("prompts")) {
                prompts.add(new ObjectMapper().convertValue(p.get("tokens"), int[].class));
                expected.add(new ObjectMapper().convertValue(p.get("greedy_tokens"), int[].class));
            }
            prompts.addAll(prompts(13, m.model().hyperparameters().vocab()));
            Scheduler.Config f32 = new Scheduler.Config(2, 1024, 16, 19, 64L << 20, KvCache.Type.F32, true);
            try (Scheduler s = new Scheduler(m.model(), m.tokenizer(), f32, true)) {
                List<int[]> got = runConcurrently(s, prompts, greedy(16));
                for (int i = 0; i < expected.size(); i++) assertThat(got.get(i)).as("%s prompt %d", name, i).containsExactly(expected.get(i));
                assertThat(s.stats().mostActive()).isGreaterThan(8);
            }
        }
    }

    @Test
    void samplesOfOnePromptComputeItOnceAndDrawWhatTheyDrawAlone() throws Exception {
        try (LoadedModel m = LoadedModel.open(SharedModels.model("tiny-qwen3moe-q8_0"))) {
            int[] prompt = new int[70];
            for (int t = 0; t < prompt.length; t++) prompt[t] = 100 + 13 * t;
            List<Generator.Options> samples = new ArrayList<>();
            for (int k = 0; k < 8; k++) samples.add(new Generator.Options(12, true, List.of(), new Sampler.Settings(0.9, 0, 1, 0), 1000 + k));
            List<int[]> alone = new ArrayList<>();
            try (Scheduler one = new Scheduler(m.model(), m.tokenizer(), config(2, 1, 512, 64L << 20, false), false)) {
                for (Generator.Options o : samples) alone.add(one.generate(prompt, o, null).tokens());
                assertThat(one.stats().promptTokensShared()).isZero();
            }
            try (Scheduler many = new Scheduler(m.model(), m.tokenizer(), config(2, 8, 512, 64L << 20, true), false)) {
                ExecutorService callers = Executors.newFixedThreadPool(8);
                try {
                    List<Future<Generator.Result>> futures = new ArrayList<>();
                    for (Generator.Options o : samples) futures.add(callers.submit(() -> many.generate(prompt, o, null)));
                    for (int k = 0; k < 8; k++) assertThat(futures.get(k).get().tokens()).as("sample %d", k).isEqualTo(alone.get(k));
                } finally {
                    callers.shutdownNow();
                }
                Scheduler.Stats stats = many.stats();
                // 70 tokens: 4 full pages (64 positions) shareable; the first sample computes all 70, the other 7 only 6 each
                assertThat(stats.promptTokens()).isEqualTo(8 * 70);
                assertThat(stats.promptTokensShared()).isEqualTo(7 * 64);
                assertThat(stats.promptTokensComputed()).isEqualTo(70 + 7 * 6);
            }
            assertThat(alone.stream().map(java.util.Arrays::toString).distinct()).as("seeds differ, draws differ").hasSizeGreaterThan(1);
        }
    }

    @Test
    void whenKvMemoryRunsOutTheLastAdmittedIsPreemptedAndStillGivesExactlyItsTokens() throws Exception {
        try (LoadedModel m = LoadedModel.open(SharedModels.model("tiny-qwen2-q8_0"))) {
            long perToken = KvCache.bytesPerToken(m.model().hyperparameters(), KvCache.Type.F16);
            List<int[]> prompts = new ArrayList<>();
            for (int i = 0; i < 6; i++) prompts.add(new int[] {10 + i, 20, 30, 40, 50, 60, 70, 80, 90 + i, 100});
            List<int[]> alone = new ArrayList<>();
            try (Scheduler one = new Scheduler(m.model(), m.tokenizer(), config(1, 1, 512, 64L << 20, false), false)) {
                for (int[] p : prompts) alone.add(one.generate(p, greedy(40), null).tokens());
            }
            for (boolean sharing : new boolean[] {false, true}) {
                // 5 pages of 16 positions; each sequence needs 4 (10 + 40 positions): they cannot all run at once
                try (Scheduler s = new Scheduler(m.model(), m.tokenizer(), config(2, 16, 512, 5 * 16 * perToken, sharing), false)) {
                    List<int[]> got = runConcurrently(s, prompts, greedy(40));
                    for (int i = 0; i < prompts.size(); i++) assertThat(got.get(i)).as("sharing %s, sequence %d", sharing, i).isEqualTo(alone.get(i));
                    assertThat(s.stats().preemptions()).as("preemptions").isPositive();
                    awaitIdle(s);
                    assertThat(s.cache().pagesInUse()).isLessThanOrEqualTo(sharing ? 5 : 0); // with sharing, cached pages stay (evictable)
                    assertThatThrownBy(() -> s.generate(new int[] {1, 2, 3}, greedy(100), null))
                            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kv-memory");
                }
            }
        }
    }

    @Test
    void anInterruptedCallerLeavesTheBatchAndItsPagesGoBack() throws Exception {
        try (LoadedModel m = LoadedModel.open(SharedModels.model("tiny-qwen2-q8_0"));
             Scheduler s = new Scheduler(m.model(), m.tokenizer(), config(1, 4, 512, 64L << 20, false), false)) {
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    s.generate(new int[] {1, 2, 3}, greedy(1000), null);
                } catch (InterruptedException expected) {
                    // the test interrupts it
                }
            });
            while (s.stats().decodeTokens() < 5) Thread.sleep(5);
            caller.interrupt();
            caller.join(10_000);
            assertThat(caller.isAlive()).isFalse();
            awaitIdle(s);
            assertThat(s.cache().pagesInUse()).isZero();
            // the scheduler goes on serving
            assertThat(s.generate(new int[] {1, 2, 3}, greedy(4), null).tokens()).hasSize(4);
        }
    }

    /** Pages are returned by the scheduler thread just after a result is handed over: wait for it. */
    private static void awaitIdle(Scheduler s) throws InterruptedException {
        for (int i = 0; i < 500 && s.cache().pagesInUse() > 0; i++) Thread.sleep(10);
    }
}
