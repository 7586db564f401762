package sputnik.engines.builtin.model.deepseek2;

import java.util.Arrays;
import sputnik.engines.builtin.model.AttentionLayer;
import sputnik.engines.builtin.model.PagedAttention;
import sputnik.engines.builtin.model.PassTokens;
import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Matrix;
import sputnik.engines.builtin.tensor.Rope;
import sputnik.engines.builtin.tensor.VectorMath;

/**
 * One layer of deepseek2's multi-head latent attention in llama.cpp's absorbed form (MLA as multi-query attention over
 * the latent): per token,
 * <ul>
 *   <li>the query through its low-rank pair ({@code attn_q_a}, RMSNorm {@code attn_q_a_norm}, {@code attn_q_b}) or
 *       {@code attn_q}: per head a nope part and a rope part, the rope part rotated (normal RoPE, YaRN when the model
 *       has it);
 *   <li>{@code attn_kv_a_mqa}: the latent (RMSNorm {@code attn_kv_a_norm}) and one rope part for all heads, rotated;
 *       the cache keeps [latent, rope part] per position: kv_lora_rank + rope values instead of full keys and values;
 *   <li>each head's nope query absorbed into the latent space by {@code attn_k_b} (per head, kv_lora_rank x nope), so
 *       that a head's query is [absorbed nope, rope part] and attends to the cached rows directly; the values are the
 *       latents;
 *   <li>each head's attention output (a latent) mapped to its value by {@code attn_v_b} (per head, value x
 *       kv_lora_rank), the heads concatenated, {@code attn_output}.
 * </ul>
 * The per-head products with {@code attn_k_b} and {@code attn_v_b} take their inputs quantized for the weights' type
 * as every other product does, which is what llama.cpp's CPU backend does.
 *
 * @param qA null when the model has a direct {@code attn_q} (then {@code qB} is that matrix and {@code qANorm} null)
 * @param kB per head: kv_lora_rank x nope
 * @param vB per head: value x kv_lora_rank
 */
public record MlaAttention(MlaShape shape, int heads, float eps, float[] norm, Matrix qA, float[] qANorm, Matrix qB, Matrix kvA, float[] kvANorm,
                           Matrix[] kB, Matrix[] vB, Matrix output) implements AttentionLayer {

    @Override
    public long weightBytes() {
        long b = (qA == null ? 0 : qA.byteSize()) + qB.byteSize() + kvA.byteSize() + output.byteSize();
        for (int h = 0; h < heads; h++) b += kB[h].byteSize() + vB[h].byteSize();
        return b;
    }

    /**
     * The latent row against the same attention's full keys and values (every head: nope + rope keys, values) and against
     * grouped-query attention with 8 KV heads of 128, the common choice at this width.
     */
    @Override
    public String kvComparison(int bytes) {
        long mla = (long) shape.latentRow() * bytes, mha = (long) heads * (shape.keyLength() + shape.value()) * bytes, gqa = 8L * (128 + 128) * bytes;
        return String.format(java.util.Locale.ROOT, "per layer: MLA keeps %d B (latent %d + rope %d); multi-head keys and values of its %d heads would"
                + " take %d B (%.1fx), grouped-query attention with 8 KV heads of 128 %d B (%.1fx)", mla, shape.kvLora(), shape.rope(), heads, mha,
                (double) mha / mla, gqa, (double) gqa / mla);
    }

    @Override
    public AttentionLayer.Runner runner(AttentionLayer[] layers, MatVec matvec, PagedAttention attention, Rope rope, int capacity) {
        MlaAttention[] mla = new MlaAttention[layers.length];
        for (int l = 0; l < layers.length; l++) mla[l] = (MlaAttention) layers[l];
        return new Runner(mla, matvec, attention, rope, capacity);
    }

    /** Buffers for every layer of a pass; the per-head products run over chunks of tokens so that their inputs stay few. */
    private static final class Runner implements AttentionLayer.Runner {
        /** Per-head inputs held at once: tokens per chunk times heads. */
        private static final int HEAD_INPUTS = 4096;

        private final MlaAttention[] layers;
        private final MatVec matvec;
        private final PagedAttention attention;
        private final Rope rope;
        private final int heads, qLora, kvLora, nope, ropeDims, value, qHead, row, chunk;
        private final float eps;
        private final float[][] qa, q, kv, qAttn, att, v, rows;
        private final Activation[] qaAct, vAct;
        private final Activation[][] nopeIn, latentIn; // [head][token of the chunk]

        Runner(MlaAttention[] layers, MatVec matvec, PagedAttention attention, Rope rope, int capacity) {
            MlaAttention first = layers[0];
            MlaShape s = first.shape();
            this.layers = layers;
            this.matvec = matvec;
            this.attention = attention;
            this.rope = rope;
            this.heads = first.heads();
            this.eps = first.eps();
            this.qLora = s.qLora();
            this.kvLora = s.kvLora();
            this.nope = s.nope();
            this.ropeDims = s.rope();
            this.value = s.value();
            this.qHead = s.keyLength();
            this.row = s.latentRow();
            this.chunk = Math.max(1, Math.min(capacity, HEAD_INPUTS / heads));
            qa = new float[capacity][Math.max(1, qLora)];
            qaAct = new Activation[capacity];
            q = new float[capacity][heads * qHead];
            kv = new float[capacity][row];
            qAttn = new float[capacity][heads * row];
            att = new float[capacity][heads * kvLora];
            v = new float[capacity][heads * value];
            vAct = new Activation[capacity];
            rows = new float[chunk][];
            for (int t = 0; t < capacity; t++) {
                if (qLora > 0) qaAct[t] = new Activation(qLora);
                vAct[t] = new Activation(heads * value);
            }
            nopeIn = new Activation[heads][chunk];
            latentIn = new Activation[heads][chunk];
            for (int h = 0; h < heads; h++) {
                for (int j = 0; j < chunk; j++) {
                    nopeIn[h][j] = new Activation(nope);
                    latentIn[h][j] = new Activation(kvLora);
                }
            }
        }

        @Override
        public void forward(int layer, Activation[] xs, PassTokens tokens, float[][] outs) {
            MlaAttention a = layers[layer];
            int n = tokens.count();
            if (a.qA() != null) {
                matvec.batch().add(a.qA(), xs, n, qa, 0).add(a.kvA(), xs, n, kv, 0).run();
                for (int t = 0; t < n; t++) {
                    VectorMath.rmsnorm(qa[t], 0, qa[t], 0, a.qANorm(), 0, qLora, eps);
                    qaAct[t].set(qa[t], 0, qLora);
                }
                matvec.batch().add(a.qB(), qaAct, n, q, 0).run();
            } else {
                matvec.batch().add(a.qB(), xs, n, q, 0).add(a.kvA(), xs, n, kv, 0).run();
            }
            for (int t = 0; t < n; t++) {
                float[] kt = kv[t], qt = q[t], cos = tokens.cos(t), sin = tokens.sin(t);
                VectorMath.rmsnorm(kt, 0, kt, 0, a.kvANorm(), 0, kvLora, eps);
                rope.normal(kt, kvLora, cos, sin);
                tokens.writeKv(t, layer, kt, 0, null, 0);
                for (int h = 0; h < heads; h++) {
                    rope.normal(qt, h * qHead + nope, cos, sin);
                    System.arraycopy(qt, h * qHead + nope, qAttn[t], h * row + kvLora, ropeDims);
                }
            }
            // each head's nope query into the latent space: qAttn[t][h * row ..] = attn_k_b[h] . q_nope
            perHead(a.kB(), q, qHead, nope, nopeIn, qAttn, row, n);
            attention.run(layer, tokens, qAttn, att);
            // each head's output latent to its value: v[t][h * value ..] = attn_v_b[h] . latent
            perHead(a.vB(), att, kvLora, kvLora, latentIn, v, value, n);
            for (int t = 0; t < n; t++) vAct[t].set(v[t], 0, heads * value);
            matvec.batch().add(a.output(), vAct, n, outs, 0).run();
        }

        /**
         * {@code dst[t][h * dstStride ..] = w[h] . src[t][h * srcStride .. + width]} for every head h and token t < n, in
         * chunks of {@link #chunk} tokens (one dispatch each) through the inputs {@code in[h]}.
         */
        private void perHead(Matrix[] w, float[][] src, int srcStride, int width, Activation[][] in, float[][] dst, int dstStride, int n) {
            for (int c0 = 0; c0 < n; c0 += chunk) {
                int m = Math.min(chunk, n - c0);
                MatVec.Batch batch = matvec.batch();
                for (int j = 0; j < m; j++) rows[j] = dst[c0 + j];
                for (int h = 0; h < heads; h++) {
                    for (int j = 0; j < m; j++) in[h][j].set(src[c0 + j], h * srcStride, width);
                    batch.add(w[h], in[h], m, rows, h * dstStride);
                }
                batch.run();
            }
            Arrays.fill(rows, null);
        }
    }
}
