package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F8;

import jdk.incubator.vector.FloatVector;

/**
 * Single-query attention over an F32 KV cache, one head at a time (decode): scores, softmax, and the
 * weighted sum of values (kept in registers across positions). Keys and values of position t sit at {@code base + t * stride} in their arrays (so
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
        if (Kernels.vector()) mixVector(weights, weightsOffset, values, valueBase, valueStride, positions, headDim, out, outOffset);
        else mixScalar(weights, weightsOffset, values, valueBase, valueStride, positions, headDim, out, outOffset);
    }

    public static void mixScalar(float[] weights, int weightsOffset, float[] values, int valueBase, int valueStride, int positions, int headDim,
                                 float[] out, int outOffset) {
        java.util.Arrays.fill(out, outOffset, outOffset + headDim, 0f);
        for (int t = 0; t < positions; t++) {
            VectorMath.axpyScalar(weights[weightsOffset + t], values, valueBase + t * valueStride, out, outOffset, headDim);
        }
    }

    /**
     * The sums kept in registers across positions, 64 dimensions at a time (eight 8-lane accumulators), instead
     * of an axpy per position through memory. Multiply then add, in position order: equal to {@link #mixScalar}
     * bit for bit.
     */
    public static void mixVector(float[] weights, int weightsOffset, float[] values, int valueBase, int valueStride, int positions, int headDim,
                                 float[] out, int outOffset) {
        int d = 0;
        for (; d + 64 <= headDim; d += 64) {
            FloatVector a0 = FloatVector.zero(F8), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int t = 0; t < positions; t++) {
                float p = weights[weightsOffset + t];
                int v = valueBase + t * valueStride + d;
                a0 = a0.add(FloatVector.fromArray(F8, values, v).mul(p));
                a1 = a1.add(FloatVector.fromArray(F8, values, v + 8).mul(p));
                a2 = a2.add(FloatVector.fromArray(F8, values, v + 16).mul(p));
                a3 = a3.add(FloatVector.fromArray(F8, values, v + 24).mul(p));
                a4 = a4.add(FloatVector.fromArray(F8, values, v + 32).mul(p));
                a5 = a5.add(FloatVector.fromArray(F8, values, v + 40).mul(p));
                a6 = a6.add(FloatVector.fromArray(F8, values, v + 48).mul(p));
                a7 = a7.add(FloatVector.fromArray(F8, values, v + 56).mul(p));
            }
            int o = outOffset + d;
            a0.intoArray(out, o);
            a1.intoArray(out, o + 8);
            a2.intoArray(out, o + 16);
            a3.intoArray(out, o + 24);
            a4.intoArray(out, o + 32);
            a5.intoArray(out, o + 40);
            a6.intoArray(out, o + 48);
            a7.intoArray(out, o + 56);
        }
        for (; d + 8 <= headDim; d += 8) {
            FloatVector a = FloatVector.zero(F8);
            for (int t = 0; t < positions; t++) a = a.add(FloatVector.fromArray(F8, values, valueBase + t * valueStride + d).mul(weights[weightsOffset + t]));
            a.intoArray(out, outOffset + d);
        }
        for (; d < headDim; d++) {
            float a = 0f;
            for (int t = 0; t < positions; t++) a += weights[weightsOffset + t] * values[valueBase + t * valueStride + d];
            out[outOffset + d] = a;
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
     * head, over its cache positions {@code 0 .. positions-1}, reading each key once for the whole group
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
            mix(scratch, h * positions, values, base, stride, positions, headDim, out, outOffset + h * headDim);
        }
    }
}
