package sputnik.engines.builtin.tensor;

/**
 * Single-query attention over an F32 KV cache, one head at a time (decode): scores, softmax, and the
 * weighted sum of values. Keys and values of position t sit at {@code base + t * stride} in their arrays (so
 * a cache laid out as [position][kv_head][head_dim] has stride {@code n_kv_heads * head_dim} and base {@code
 * kv_head * head_dim}). Built on {@link VectorMath#dot} and {@link VectorMath#axpy}, so scalar or vector as
 * {@link Kernels} says.
 */
public final class Attention {
    private Attention() {}

    /** {@code scores[scoresOffset + t] = scale * (q . k_t)} for {@code t < positions}. */
    public static void scores(float[] q, int qOffset, float[] keys, int keyBase, int keyStride, int positions, int headDim, float scale,
                              float[] scores, int scoresOffset) {
        for (int t = 0; t < positions; t++) {
            scores[scoresOffset + t] = VectorMath.dot(q, qOffset, keys, keyBase + t * keyStride, headDim) * scale;
        }
    }

    /** {@code out[outOffset + d] = sum over t < positions of w[t] * v_t[d]} (accumulated in position order). */
    public static void mix(float[] weights, int weightsOffset, float[] values, int valueBase, int valueStride, int positions, int headDim,
                           float[] out, int outOffset) {
        java.util.Arrays.fill(out, outOffset, outOffset + headDim, 0f);
        for (int t = 0; t < positions; t++) {
            VectorMath.axpy(weights[weightsOffset + t], values, valueBase + t * valueStride, out, outOffset, headDim);
        }
    }

    /**
     * Causal attention of one query head over cache positions {@code 0 .. positions-1}: {@code out = softmax(scale
     * * q . K) V}. {@code scratch} holds at least {@code positions} floats.
     */
    public static void attend(float[] q, int qOffset, float[] keys, float[] values, int base, int stride, int positions, int headDim, float scale,
                              float[] scratch, float[] out, int outOffset) {
        scores(q, qOffset, keys, base, stride, positions, headDim, scale, scratch, 0);
        VectorMath.softmax(scratch, 0, positions);
        mix(scratch, 0, values, base, stride, positions, headDim, out, outOffset);
    }

    /**
     * Grouped-query attention: the {@code heads} query heads at {@code q[qOffset + h * headDim]} that share one KV
     * head, over its cache positions {@code 0 .. positions-1}, reading each key and value once for the whole group
     * instead of once per query head (8 times fewer cache reads for Qwen3's 32 query / 4 KV heads). Same result as
     * {@link #attend} per head. {@code scratch} holds at least {@code heads * positions} floats; head h's output goes
     * to {@code out[outOffset + h * headDim]}.
     */
    public static void attendGroup(float[] q, int qOffset, int heads, float[] keys, float[] values, int base, int stride, int positions, int headDim,
                                   float scale, float[] scratch, float[] out, int outOffset) {
        for (int t = 0; t < positions; t++) {
            int k = base + t * stride;
            for (int h = 0; h < heads; h++) scratch[h * positions + t] = VectorMath.dot(q, qOffset + h * headDim, keys, k, headDim) * scale;
        }
        for (int h = 0; h < heads; h++) {
            VectorMath.softmax(scratch, h * positions, positions);
            java.util.Arrays.fill(out, outOffset + h * headDim, outOffset + (h + 1) * headDim, 0f);
        }
        for (int t = 0; t < positions; t++) {
            int v = base + t * stride;
            for (int h = 0; h < heads; h++) VectorMath.axpy(scratch[h * positions + t], values, v, out, outOffset + h * headDim, headDim);
        }
    }
}
