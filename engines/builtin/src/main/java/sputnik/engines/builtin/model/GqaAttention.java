package sputnik.engines.builtin.model;

import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Matrix;
import sputnik.engines.builtin.tensor.Rope;
import sputnik.engines.builtin.tensor.VectorMath;

/**
 * One layer's grouped-query self-attention (qwen2, qwen3moe): the input RMSNorm gain, the q/k/v/output projections,
 * optional q/k/v biases (qwen2) and optional per-head q/k RMSNorm gains (qwen3moe), null when absent. Per token: q, k
 * and v (one dispatch for the pass), the biases, the q/k norms and NEOX RoPE at the token's position, k and v into the
 * cache, attention, the output projection.
 */
public record GqaAttention(
        Hyperparameters hp, float[] norm, Matrix q, Matrix k, Matrix v, Matrix output, float[] qBias, float[] kBias, float[] vBias, float[] qNorm,
        float[] kNorm) implements AttentionLayer {

    /**
     * Layer {@code layer}'s attention tensors ({@code blk.N.attn_norm}, {@code attn_q/k/v/output}, the biases when the
     * file has them, and with {@code qkNorm} the required {@code attn_q_norm} and {@code attn_k_norm}).
     */
    public static GqaAttention load(Weights w, Hyperparameters hp, int layer, boolean qkNorm) {
        String p = "blk." + layer + ".";
        int embd = hp.embd(), qDim = hp.qDim(), kvDim = hp.kvDim();
        return new GqaAttention(hp,
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

    /** The attention scale 1 / sqrt(head size). */
    public static float scale(Hyperparameters hp) {
        return (float) (1.0 / Math.sqrt(hp.headDim()));
    }

    /** Bytes of the four projections: what one token reads. */
    @Override
    public long weightBytes() {
        return q.byteSize() + k.byteSize() + v.byteSize() + output.byteSize();
    }

    @Override
    public AttentionLayer.Runner runner(AttentionLayer[] layers, MatVec matvec, PagedAttention attention, Rope rope, int capacity) {
        GqaAttention[] gqa = new GqaAttention[layers.length];
        for (int l = 0; l < layers.length; l++) gqa[l] = (GqaAttention) layers[l];
        return new Runner(gqa, matvec, attention, rope, capacity);
    }

    private static final class Runner implements AttentionLayer.Runner {
        private final GqaAttention[] layers;
        private final MatVec matvec;
        private final PagedAttention attention;
        private final Rope rope;
        private final int heads, kvHeads, headDim, qDim, kvDim;
        private final float eps;
        private final float[][] q, k, v, att;
        private final Activation[] attAct;

        Runner(GqaAttention[] layers, MatVec matvec, PagedAttention attention, Rope rope, int capacity) {
            Hyperparameters hp = layers[0].hp();
            this.layers = layers;
            this.matvec = matvec;
            this.attention = attention;
            this.rope = rope;
            this.heads = hp.heads();
            this.kvHeads = hp.kvHeads();
            this.headDim = hp.headDim();
            this.qDim = hp.qDim();
            this.kvDim = hp.kvDim();
            this.eps = hp.rmsEps();
            q = new float[capacity][qDim];
            att = new float[capacity][qDim];
            k = new float[capacity][kvDim];
            v = new float[capacity][kvDim];
            attAct = new Activation[capacity];
            for (int t = 0; t < capacity; t++) attAct[t] = new Activation(qDim);
        }

        @Override
        public void forward(int layer, Activation[] xs, PassTokens tokens, float[][] outs) {
            GqaAttention a = layers[layer];
            int n = tokens.count();
            matvec.batch().add(a.q(), xs, n, q, 0).add(a.k(), xs, n, k, 0).add(a.v(), xs, n, v, 0).run();
            for (int t = 0; t < n; t++) {
                float[] qt = q[t], kt = k[t], cos = tokens.cos(t), sin = tokens.sin(t);
                if (a.qBias() != null) VectorMath.add(a.qBias(), 0, qt, 0, qDim);
                if (a.kBias() != null) VectorMath.add(a.kBias(), 0, kt, 0, kvDim);
                if (a.vBias() != null) VectorMath.add(a.vBias(), 0, v[t], 0, kvDim);
                for (int h = 0; h < heads; h++) {
                    if (a.qNorm() != null) VectorMath.rmsnorm(qt, h * headDim, qt, h * headDim, a.qNorm(), 0, headDim, eps);
                    rope.neox(qt, h * headDim, cos, sin);
                }
                for (int h = 0; h < kvHeads; h++) {
                    if (a.kNorm() != null) VectorMath.rmsnorm(kt, h * headDim, kt, h * headDim, a.kNorm(), 0, headDim, eps);
                    rope.neox(kt, h * headDim, cos, sin);
                }
                tokens.writeKv(t, layer, kt, 0, v[t], 0);
            }
            attention.run(layer, tokens, q, att);
            for (int t = 0; t < n; t++) attAct[t].set(att[t], 0, qDim);
            matvec.batch().add(a.output(), attAct, n, outs, 0).run();
        }
    }
}
