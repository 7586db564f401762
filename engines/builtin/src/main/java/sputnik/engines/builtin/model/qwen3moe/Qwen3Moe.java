package sputnik.engines.builtin.model.qwen3moe;

import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.model.DecoderModel;
import sputnik.engines.builtin.model.Hyperparameters;
import sputnik.engines.builtin.model.WeightLayout;
import sputnik.engines.builtin.model.MoeFeedForward;

/**
 * {@code qwen3moe} (Qwen3-30B-A3B, Qwen3-235B-A22B) as llama.cpp builds it: q, k and v projections without biases,
 * RMSNorm of each query and key head ({@code attn_q_norm}, {@code attn_k_norm}) before NEOX RoPE, grouped-query
 * attention, and a MoE block: softmax over {@code ffn_gate_inp}'s expert logits, the top {@code expert_used_count},
 * their probabilities renormalised to sum to 1, SwiGLU experts.
 */
public final class Qwen3Moe {
    public static final String ARCH = "qwen3moe";

    private Qwen3Moe() {}

    public static DecoderModel load(GgufFile file, WeightLayout layout) {
        Hyperparameters hp = Hyperparameters.read(file, ARCH, true);
        int embd = hp.embd(), experts = hp.experts(), ff = hp.expertFf();
        return DecoderModel.load(file, layout, hp, true, (w, p) -> new MoeFeedForward(
                w.vector(p + "ffn_norm.weight", embd),
                w.matrix(p + "ffn_gate_inp.weight", experts, embd),
                w.experts(p + "ffn_gate_exps.weight", experts, ff, embd),
                w.experts(p + "ffn_up_exps.weight", experts, ff, embd),
                w.experts(p + "ffn_down_exps.weight", experts, embd, ff),
                hp.expertsUsed(), true));
    }
}
