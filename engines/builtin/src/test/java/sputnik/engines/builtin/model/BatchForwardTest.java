package sputnik.engines.builtin.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sputnik.engines.builtin.SharedModels;
import sputnik.engines.builtin.architectures.Models;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.parallel.WorkerPool;

/** A sequence's logits, bit for bit, whatever shares its forward pass, however its prompt is chunked, on any thread count. */
class BatchForwardTest {
    private static final int[] A = {9707, 11, 1879, 0, 13, 400, 77, 5, 9, 1000, 31, 2, 8, 64, 3, 900, 17, 250, 6};

    /** Runs {@code A} through a pass (in chunks of {@code chunk}); others are added to every pass beside it; A's last logits. */
    private static float[] logitsOfA(DecoderModel model, WorkerPool pool, KvCache.Type type, int chunk, int others) {
        try (KvCache cache = new KvCache(model.hyperparameters(), type, 16, 64L << 20)) {
            BatchForward pass = new BatchForward(model, pool, 64);
            KvSequence a = new KvSequence(cache);
            KvSequence[] o = new KvSequence[others];
            for (int i = 0; i < others; i++) {
                o[i] = new KvSequence(cache);
                o[i].reserve(64);
            }
            a.reserve(A.length);
            float[] last = null;
            for (int from = 0; from < A.length; from += chunk) {
                pass.clear();
                int row = -1;
                for (int i = 0; i < others; i++) pass.add(o[i], 100 + 31 * i + from, true);
                for (int t = from; t < Math.min(A.length, from + chunk); t++) row = pass.add(a, A[t], t == A.length - 1);
                pass.run();
                if (row >= 0) last = pass.logits(row).clone();
            }
            return last;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-qwen2-q8_0", "tiny-qwen3moe-f32", "tiny-qwen3moe-q8_0", "tiny-deepseek2-f32", "tiny-deepseek2-yarn-q8_0"})
    void aSequencesLogitsDoNotDependOnItsPassOrItsChunksOrTheThreads(String name) throws Exception {
        try (DecoderModel model = Models.load(GgufFile.open(SharedModels.model(name))); WorkerPool one = new WorkerPool(1);
             WorkerPool three = new WorkerPool(3)) {
            for (KvCache.Type type : KvCache.Type.values()) {
                float[] alone = logitsOfA(model, one, type, A.length, 0);
                assertThat(logitsOfA(model, three, type, A.length, 0)).as("%s %s, 3 threads", name, type).isEqualTo(alone);
                assertThat(logitsOfA(model, one, type, 1, 0)).as("%s %s, a token at a time", name, type).isEqualTo(alone);
                assertThat(logitsOfA(model, three, type, 5, 7)).as("%s %s, chunks of 5 beside 7 others", name, type).isEqualTo(alone);
                assertThat(logitsOfA(model, one, type, 3, 15)).as("%s %s, chunks of 3 beside 15 others", name, type).isEqualTo(alone);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-qwen2-q8_0", "tiny-qwen3moe-q8_0", "tiny-deepseek2-yarn-q8_0"})
    void repackedWeightsGiveTheLogitsOfTheMappedFileBitForBit(String name) throws Exception {
        try (DecoderModel repacked = Models.load(GgufFile.open(SharedModels.model(name)), false);
             DecoderModel mapped = Models.load(GgufFile.open(SharedModels.model(name)), true); WorkerPool two = new WorkerPool(2)) {
            assertThat(repacked.weightLayout().repacked()).as("%s: %s", name, repacked.weightLayout().describe()).isTrue();
            assertThat(mapped.weightLayout().repacked()).isFalse();
            assertThat(mapped.weightLayout().describe()).contains("--no-repack");
            assertThat(logitsOfA(repacked, two, KvCache.Type.F16, A.length, 0)).as("%s prefill", name).isEqualTo(logitsOfA(mapped, two, KvCache.Type.F16, A.length, 0));
            assertThat(logitsOfA(repacked, two, KvCache.Type.F32, 1, 5)).as("%s a token at a time beside 5 others", name)
                    .isEqualTo(logitsOfA(mapped, two, KvCache.Type.F32, 1, 5));
            assertThat(logitsOfA(repacked, two, KvCache.Type.F32, 3, 40)).as("%s chunks of 3 beside 40 others", name)
                    .isEqualTo(logitsOfA(mapped, two, KvCache.Type.F32, 3, 40));
        }
    }
}
