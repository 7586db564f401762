package sputnik.engines.builtin.architectures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.gguf.GgufMetadata;
import sputnik.engines.builtin.gguf.GgufWriter;
import sputnik.engines.builtin.architectures.Synthesizer.Fill;
import sputnik.engines.builtin.architectures.Synthesizer.Tensor;

/**
 * Random-weight GGUF models of llama.cpp's {@code deepseek2} architecture (DeepSeek-V2/V3/R1, Moonlight, Kimi-K2), in
 * the layout current converters write: Multi-head Latent Attention with the query through its low-rank pair
 * ({@code attn_q_a}, {@code attn_q_a_norm}, {@code attn_q_b}; {@code attn_q} when {@code q_lora_rank} is 0), the
 * compressed KV latent and the shared rope part ({@code attn_kv_a_mqa}, {@code attn_kv_a_norm}), the split absorbed
 * products ({@code attn_k_b}, {@code attn_v_b}, one matrix per head), the first {@code leading_dense_block_count} layers
 * dense, then routed experts beside shared ones ({@code ffn_*_shexp}) with group-limited routing, and YaRN RoPE scaling.
 * The metadata is what llama.cpp reads for them (the MLA form: one KV head whose key is the latent plus the rope part).
 */
public final class DeepSeek2Synthesizer {
    public static final String ARCH = "deepseek2";

    private DeepSeek2Synthesizer() {}

    /**
     * A deepseek2 shape. {@code qLora} 0: the query straight from the input. {@code gating} 1: softmax scores, 2: sigmoid
     * scores with a selection bias ({@code exp_probs_b}). YaRN: {@code yarnFactor} over {@code yarnOriginalContext},
     * {@code yarnLogMultiplier} (0.1 x mscale_all_dim).
     */
    public record Shape(int layers, int embd, int heads, int qLora, int kvLora, int ropeDim, int nopeDim, int vDim, int ff, int experts, int expertsUsed,
                        int expertFf, int sharedExperts, int groups, int groupsUsed, int leadingDense, int gating, float weightsScale,
                        boolean weightsNorm, float ropeBase, float rmsEps, int contextLength, float yarnFactor, int yarnOriginalContext,
                        float yarnLogMultiplier) {
        public Shape with(Integer layers, Integer experts, Integer expertsUsed, Integer expertFf, Integer contextLength) {
            int e = experts != null ? experts : this.experts;
            // fewer experts than groups: one group (llama.cpp requires the experts to split evenly into the groups)
            int g = e % groups == 0 && e >= groups ? groups : 1, gu = Math.min(groupsUsed, g);
            return new Shape(layers != null ? layers : this.layers, embd, heads, qLora, kvLora, ropeDim, nopeDim, vDim, ff, e,
                    expertsUsed != null ? expertsUsed : this.expertsUsed, expertFf != null ? expertFf : this.expertFf, sharedExperts, g, gu,
                    Math.min(leadingDense, layers != null ? layers : this.layers), gating, weightsScale, weightsNorm, ropeBase, rmsEps,
                    contextLength != null ? contextLength : this.contextLength, yarnFactor, yarnOriginalContext, yarnLogMultiplier);
        }

        /** Checks the shape; a message for the first problem, or null. */
        public String problem(GgmlType type) {
            if (layers < 1 || embd < 1 || heads < 1 || kvLora < 1 || ropeDim < 2 || nopeDim < 1 || vDim < 1 || ff < 1) return "every size must be positive";
            if (ropeDim % 2 != 0) return "the rope dimension " + ropeDim + " is odd (RoPE rotates pairs)";
            if (experts < 1 || expertsUsed < 1 || expertsUsed > experts || expertFf < 1) return expertsUsed + " experts used of " + experts + " (each of FFN " + expertFf + ")";
            if (experts % groups != 0 || groupsUsed > groups) return experts + " experts do not split into " + groups + " groups (" + groupsUsed + " used)";
            int block = type.blockSize();
            for (int n : new int[] {embd, qLora == 0 ? block : qLora, kvLora, nopeDim, heads * vDim, ff, expertFf}) {
                if (n % block != 0) return type + " stores rows in blocks of " + block + " values; a row of " + n + " is not a whole number of blocks";
            }
            return null;
        }
    }

    /** The named shapes: DeepSeek-V3/R1 (671B) and V2-Lite (16B) at full depth, and the reference models' tiny one. */
    public static final Map<String, Shape> SHAPES = shapes();

    private static Map<String, Shape> shapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        m.put("deepseek-v3", new Shape(61, 7168, 128, 1536, 512, 64, 128, 128, 18432, 256, 8, 2048, 1, 8, 4, 3, 2, 2.5f, true, 10000f, 1e-6f,
                163840, 40f, 4096, 0.1f));
        m.put("deepseek-v2-lite", new Shape(27, 2048, 16, 0, 512, 64, 128, 128, 10944, 64, 6, 1408, 2, 1, 1, 1, 1, 1f, false, 10000f, 1e-6f,
                163840, 40f, 4096, 0.0707f));
        m.put("tiny-deepseek2", new Shape(3, 64, 4, 32, 64, 16, 32, 32, 128, 16, 4, 32, 1, 4, 2, 1, 2, 2.5f, true, 10000f, 1e-6f, 4096, 40f, 4096,
                0.1f));
        return m;
    }

    /** Writes the model to {@code out} with the tokenizer of {@code vocab}; the file's size. */
    public static long write(Shape s, GgmlType type, GgufMetadata vocab, long seed, int threads, Path out) throws IOException {
        String problem = s.problem(type);
        if (problem != null) throw new IllegalArgumentException(problem);
        int nVocab = vocab.arrayLength("tokenizer.ggml.tokens");
        String a = ARCH + ".";
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", ARCH);
        w.putString("general.name", "sputnik-synth-deepseek2-random");
        w.putUInt32(a + "context_length", s.contextLength());
        w.putUInt32(a + "embedding_length", s.embd());
        w.putUInt32(a + "block_count", s.layers());
        w.putUInt32(a + "feed_forward_length", s.ff());
        w.putUInt32(a + "attention.head_count", s.heads());
        w.putUInt32(a + "attention.head_count_kv", 1); // MLA: one latent KV "head" shared by every query head
        w.putFloat32(a + "rope.freq_base", s.ropeBase());
        w.putFloat32(a + "attention.layer_norm_rms_epsilon", s.rmsEps());
        w.putUInt32(a + "expert_count", s.experts());
        w.putUInt32(a + "expert_used_count", s.expertsUsed());
        w.putUInt32(a + "expert_group_count", s.groups());
        w.putUInt32(a + "expert_group_used_count", s.groupsUsed());
        w.putUInt32(a + "expert_gating_func", s.gating());
        w.putUInt32(a + "leading_dense_block_count", s.leadingDense());
        w.putUInt32(a + "vocab_size", nVocab);
        w.putUInt32(a + "attention.q_lora_rank", s.qLora()); // 0: no query compression (V2-Lite); llama.cpp requires the key either way
        w.putUInt32(a + "attention.kv_lora_rank", s.kvLora());
        w.putUInt32(a + "attention.key_length", s.kvLora() + s.ropeDim()); // the MLA form: key = latent + rope part
        w.putUInt32(a + "attention.value_length", s.kvLora());
        w.putUInt32(a + "attention.key_length_mla", s.nopeDim() + s.ropeDim());
        w.putUInt32(a + "attention.value_length_mla", s.vDim());
        w.putUInt32(a + "expert_feed_forward_length", s.expertFf());
        w.putUInt32(a + "expert_shared_count", s.sharedExperts());
        w.putFloat32(a + "expert_weights_scale", s.weightsScale());
        w.putBool(a + "expert_weights_norm", s.weightsNorm());
        w.putUInt32(a + "rope.dimension_count", s.ropeDim());
        w.putString(a + "rope.scaling.type", "yarn");
        w.putFloat32(a + "rope.scaling.factor", s.yarnFactor());
        w.putUInt32(a + "rope.scaling.original_context_length", s.yarnOriginalContext());
        w.putFloat32(a + "rope.scaling.yarn_beta_fast", 32f);
        w.putFloat32(a + "rope.scaling.yarn_beta_slow", 1f);
        w.putFloat32(a + "rope.scaling.yarn_log_multiplier", s.yarnLogMultiplier());
        Synthesizer.copyVocabulary(w, vocab, type);

        int e = s.embd(), qk = s.nopeDim() + s.ropeDim();
        List<Tensor> tensors = Synthesizer.embeddingAndOutput(type, e, nVocab);
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            tensors.add(new Tensor(p + "attn_norm.weight", GgmlType.F32, new long[] {e}, Fill.ONES));
            if (s.qLora() > 0) {
                tensors.add(new Tensor(p + "attn_q_a.weight", type, new long[] {e, s.qLora()}, Fill.RANDOM));
                tensors.add(new Tensor(p + "attn_q_a_norm.weight", GgmlType.F32, new long[] {s.qLora()}, Fill.ONES));
                tensors.add(new Tensor(p + "attn_q_b.weight", type, new long[] {s.qLora(), (long) s.heads() * qk}, Fill.RANDOM));
            } else {
                tensors.add(new Tensor(p + "attn_q.weight", type, new long[] {e, (long) s.heads() * qk}, Fill.RANDOM));
            }
            tensors.add(new Tensor(p + "attn_kv_a_mqa.weight", type, new long[] {e, s.kvLora() + s.ropeDim()}, Fill.RANDOM));
            tensors.add(new Tensor(p + "attn_kv_a_norm.weight", GgmlType.F32, new long[] {s.kvLora()}, Fill.ONES));
            tensors.add(new Tensor(p + "attn_k_b.weight", type, new long[] {s.nopeDim(), s.kvLora(), s.heads()}, Fill.RANDOM));
            tensors.add(new Tensor(p + "attn_v_b.weight", type, new long[] {s.kvLora(), s.vDim(), s.heads()}, Fill.RANDOM));
            tensors.add(new Tensor(p + "attn_output.weight", type, new long[] {(long) s.heads() * s.vDim(), e}, Fill.RANDOM));
            tensors.add(new Tensor(p + "ffn_norm.weight", GgmlType.F32, new long[] {e}, Fill.ONES));
            if (l < s.leadingDense()) {
                tensors.add(new Tensor(p + "ffn_gate.weight", type, new long[] {e, s.ff()}, Fill.RANDOM));
                tensors.add(new Tensor(p + "ffn_up.weight", type, new long[] {e, s.ff()}, Fill.RANDOM));
                tensors.add(new Tensor(p + "ffn_down.weight", type, new long[] {s.ff(), e}, Fill.RANDOM));
                continue;
            }
            int shared = s.expertFf() * s.sharedExperts();
            tensors.add(new Tensor(p + "ffn_gate_inp.weight", GgmlType.F32, new long[] {e, s.experts()}, Fill.RANDOM));
            if (s.gating() == 2) tensors.add(new Tensor(p + "exp_probs_b.bias", GgmlType.F32, new long[] {s.experts()}, Fill.SMALL));
            tensors.add(new Tensor(p + "ffn_gate_exps.weight", type, new long[] {e, s.expertFf(), s.experts()}, Fill.RANDOM));
            tensors.add(new Tensor(p + "ffn_up_exps.weight", type, new long[] {e, s.expertFf(), s.experts()}, Fill.RANDOM));
            tensors.add(new Tensor(p + "ffn_down_exps.weight", type, new long[] {s.expertFf(), e, s.experts()}, Fill.RANDOM));
            if (shared > 0) {
                tensors.add(new Tensor(p + "ffn_gate_shexp.weight", type, new long[] {e, shared}, Fill.RANDOM));
                tensors.add(new Tensor(p + "ffn_up_shexp.weight", type, new long[] {e, shared}, Fill.RANDOM));
                tensors.add(new Tensor(p + "ffn_down_shexp.weight", type, new long[] {shared, e}, Fill.RANDOM));
            }
        }
        return Synthesizer.writeTensors(w, tensors, seed, threads, out);
    }
}
