package sputnik.engines.builtin.model;

import sputnik.engines.builtin.tensor.Matrix;

/**
 * One layer's self-attention weights: the input RMSNorm gain, the q/k/v/output projections, optional q/k/v biases
 * (qwen2) and optional per-head q/k RMSNorm gains (qwen3moe). Null means absent.
 */
public record AttentionWeights(
        float[] norm, Matrix q, Matrix k, Matrix v, Matrix output, float[] qBias, float[] kBias, float[] vBias, float[] qNorm, float[] kNorm) {

    /**
     * Layer {@code layer}'s attention tensors ({@code blk.N.attn_norm}, {@code attn_q/k/v/output}, the biases when the
     * file has them, and with {@code qkNorm} the required {@code attn_q_norm} and {@code attn_k_norm}).
     */
    public static AttentionWeights load(Weights w, Hyperparameters hp, int layer, boolean qkNorm) {
        String p = "blk." + layer + ".";
        int embd = hp.embd(), qDim = hp.qDim(), kvDim = hp.kvDim();
        return new AttentionWeights(
                w.vector(p + "attn_norm.weight", embd),
                w.matrix(p + "attn_q.weight", qDim, embd),
                w.matrix(p + "attn_k.weight", kvDim, embd),
                w.matrix(p + "attn_v.weight", kvDim, embd),
                w.matrix(p + "attn_output.weight", embd, qDim),
                w.optionalVector(p + "attn_q.bias", qDim),
                w.optionalVector(p + "attn_k.bias", kvDim),
                w.optionalVector(p + "attn_v.bias", kvDim),
                qkNorm ? w.vector(p + "attn_q_norm.weight", hp.headDim()) : null,
                qkNorm ? w.vector(p + "attn_k_norm.weight", hp.headDim()) : null);
    }

    /** Bytes of the four projections: what one token reads. */
    public long weightBytes() {
        return q.byteSize() + k.byteSize() + v.byteSize() + output.byteSize();
    }
}
