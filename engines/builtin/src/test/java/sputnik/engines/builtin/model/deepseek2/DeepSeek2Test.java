package sputnik.engines.builtin.model.deepseek2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.builtin.SharedModels;
import sputnik.engines.builtin.TestPools;
import sputnik.engines.builtin.architectures.Models;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.gguf.GgufTensorInfo;
import sputnik.engines.builtin.gguf.GgufWriter;
import sputnik.engines.builtin.model.DecoderModel;
import sputnik.engines.builtin.model.Hyperparameters;
import sputnik.engines.builtin.model.KvCache;
import sputnik.engines.builtin.model.Session;
import sputnik.engines.builtin.tensor.Matrix;

/** deepseek2's configuration, its latent KV cache, the older attn_kv_b form and its one-line errors. */
class DeepSeek2Test {
    @TempDir
    Path dir;

    private static final int[] PROMPT = {100000, 17464, 11, 1843, 0, 4059, 2817, 13};

    @Test
    void yarnAndTheMlaShapeAreReadAsLlamaCppReadsThem() throws Exception {
        try (GgufFile f = GgufFile.open(SharedModels.model("tiny-deepseek2-yarn-q8_0"))) {
            DeepSeek2Config c = DeepSeek2Config.read(f);
            assertThat(c.mla()).isEqualTo(new MlaShape(32, 64, 32, 16, 32));
            assertThat(c.leadingDense()).isEqualTo(1);
            assertThat(c.sharedExperts()).isEqualTo(1);
            assertThat(c.sigmoid()).isTrue();
            assertThat(c.groups()).isEqualTo(4);
            assertThat(c.groupsUsed()).isEqualTo(2);
            assertThat(c.scale()).isEqualTo(2.5f);
            // YaRN factor 40, yarn_log_multiplier 0.1 (mscale_all_dim 1): the scale is (1 + 0.1 ln 40)^2 / sqrt(32 + 16)
            double mscale = 1 + 0.1 * Math.log(40);
            assertThat((double) c.attentionScale()).isCloseTo(mscale * mscale / Math.sqrt(48), within(1e-6));
            assertThat(c.hp().ropeFreqScale()).isEqualTo(1f / 40);
            // the rope keeps rotated values' length: attn_factor cancels YaRN's magnitude factor
            float[] cos = new float[8], sin = new float[8];
            c.rope().angles(100, cos, sin);
            for (int i = 0; i < 8; i++) assertThat(cos[i] * cos[i] + sin[i] * sin[i]).isCloseTo(1f, within(1e-5f));
        }
        try (GgufFile f = GgufFile.open(SharedModels.model("tiny-deepseek2-f32"))) {
            DeepSeek2Config c = DeepSeek2Config.read(f);
            assertThat(c.hp().ropeFreqScale()).isEqualTo(1f);
            assertThat((double) c.attentionScale()).isCloseTo(1 / Math.sqrt(48), within(1e-7));
        }
    }

    @Test
    void theCacheKeepsOneLatentRowPerPositionAndLayer() throws Exception {
        try (DecoderModel m = Models.load(GgufFile.open(SharedModels.model("tiny-deepseek2-f32")))) {
            Hyperparameters hp = m.hyperparameters();
            assertThat(hp.latentKv()).isTrue();
            // 3 layers x (kv_lora 64 + rope 16) x 2 bytes, where full keys and values of 4 heads would take 3 x 2 x 4 x 48 x 2
            assertThat(KvCache.bytesPerToken(hp, KvCache.Type.F16)).isEqualTo(3 * 80 * 2);
            assertThat(hp.describe()).contains("4 heads over one latent KV row of 80 (MLA)").contains("16 experts (top 4) of 32");
        }
    }

    /**
     * The older form of the files: one attn_kv_b per layer (per head, nope rows then value rows, each of kv_lora_rank)
     * instead of attn_k_b and attn_v_b. Built here from the F32 model's own tensors, it must give its logits.
     */
    @Test
    void theOlderAttnKvBFormGivesTheSameLogits() throws Exception {
        Path legacy = dir.resolve("legacy.gguf");
        int heads = 4, nope = 32, value = 32, kvLora = 64;
        try (GgufFile f = GgufFile.open(SharedModels.model("tiny-deepseek2-f32"))) {
            GgufWriter w = new GgufWriter();
            w.putAll(f.metadata());
            w.remove("deepseek2.attention.key_length_mla").remove("deepseek2.attention.value_length_mla");
            w.putUInt32("deepseek2.attention.key_length", nope + 16).putUInt32("deepseek2.attention.value_length", value);
            for (GgufTensorInfo t : f.tensors()) {
                String name = t.name();
                if (name.endsWith("attn_v_b.weight")) continue;
                if (!name.endsWith("attn_k_b.weight")) {
                    w.addTensor(name, t.type(), t.shape(), f.tensorData(t));
                    continue;
                }
                String p = name.substring(0, name.length() - "attn_k_b.weight".length());
                Matrix k = new Matrix(GgmlType.F32, f.tensorData(t), 0, heads * kvLora, nope); // per head kv_lora x nope
                MemorySegment vData = f.tensorData(f.tensor(p + "attn_v_b.weight"));
                Matrix v = new Matrix(GgmlType.F32, vData, 0, heads * value, kvLora);         // per head value x kv_lora
                float[] kvB = new float[heads * (nope + value) * kvLora];
                float[] row = new float[Math.max(nope, kvLora)];
                for (int h = 0; h < heads; h++) {
                    int base = h * (nope + value) * kvLora;
                    for (int c = 0; c < kvLora; c++) {
                        k.dequantizeRow(h * kvLora + c, row, 0);
                        for (int i = 0; i < nope; i++) kvB[base + i * kvLora + c] = row[i];
                    }
                    for (int r = 0; r < value; r++) {
                        v.dequantizeRow(h * value + r, row, 0);
                        System.arraycopy(row, 0, kvB, base + (nope + r) * kvLora, kvLora);
                    }
                }
                w.addTensor(p + "attn_kv_b.weight", new long[] {kvLora, heads * (nope + value)}, kvB);
            }
            w.write(legacy);
        }
        float[] absorbed = lastLogits(SharedModels.model("tiny-deepseek2-f32")), split = lastLogits(legacy);
        double max = 0;
        for (int i = 0; i < absorbed.length; i++) max = Math.max(max, Math.abs(absorbed[i] - split[i]));
        System.out.printf("attn_kv_b form vs attn_k_b/attn_v_b form: max |logit difference| = %.3g%n", max);
        assertThat(max).as("max |logit difference| between the two forms").isLessThan(1e-4);
    }

    private static float[] lastLogits(Path model) throws Exception {
        try (DecoderModel m = Models.load(GgufFile.open(model)); Session s = m.newSession(TestPools.TWO, 64)) {
            s.prefill(PROMPT, 0, PROMPT.length, true);
            return s.logits().clone();
        }
    }

    /** A file whose last layer is a multi-token-prediction block runs the trunk only: the logits of the file without it. */
    @Test
    void multiTokenPredictionLayersAreNotPartOfTheTrunk() throws Exception {
        Path withMtp = altered(w -> w.putUInt32("deepseek2.nextn_predict_layers", 1), null, "with-mtp.gguf");
        Path trunk = altered(w -> w.putUInt32("deepseek2.block_count", 2), "blk.2.", "trunk.gguf");
        try (DecoderModel m = Models.load(GgufFile.open(withMtp))) {
            assertThat(m.hyperparameters().layers()).isEqualTo(2);
        }
        assertThat(lastLogits(withMtp)).isEqualTo(lastLogits(trunk));
        assertThat(loadError(w -> w.putUInt32("deepseek2.nextn_predict_layers", 3))).contains("nextn_predict_layers is 3, expected 0..2");
    }

    @Test
    void configurationsItCannotComputeAreOneLineErrors() throws Exception {
        assertThat(loadError(w -> w.putUInt32("deepseek2.expert_gating_func", 4))).doesNotContain("\n").endsWith("deepseek2.expert_gating_func is 4; the built-in"
                + " engine computes 1 (softmax) and 2 (sigmoid)");
        assertThat(loadError(w -> w.putUInt32("deepseek2.expert_group_count", 3))).contains("16 experts do not split into 3 groups");
        assertThat(loadError(w -> w.putString("deepseek2.rope.scaling.type", "longrope"))).contains("RoPE scaling 'longrope'");
        assertThat(loadError(w -> w.remove("deepseek2.attention.kv_lora_rank"))).endsWith("metadata key 'deepseek2.attention.kv_lora_rank' is missing");
        assertThat(loadError(w -> w.putUInt32("deepseek2.leading_dense_block_count", 9))).contains("leading_dense_block_count is 9, expected 0..3");
    }

    /** A copy of the F32 reference model with its metadata changed and the tensors named {@code dropPrefix...} left out. */
    private Path altered(Consumer<GgufWriter> change, String dropPrefix, String name) throws Exception {
        Path out = dir.resolve(name);
        try (GgufFile f = GgufFile.open(SharedModels.model("tiny-deepseek2-f32"))) {
            GgufWriter w = new GgufWriter();
            w.putAll(f.metadata());
            change.accept(w);
            for (GgufTensorInfo t : f.tensors()) {
                if (dropPrefix == null || !t.name().startsWith(dropPrefix)) w.addTensor(t.name(), t.type(), t.shape(), f.tensorData(t));
            }
            w.write(out);
        }
        return out;
    }

    private String loadError(Consumer<GgufWriter> change) throws Exception {
        Path out = altered(change, null, "altered.gguf");
        try {
            Models.load(GgufFile.open(out)).close();
            return null;
        } catch (GgufException e) {
            return e.getMessage();
        }
    }
}
