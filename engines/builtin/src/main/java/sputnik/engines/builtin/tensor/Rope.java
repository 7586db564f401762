package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F8;

import jdk.incubator.vector.FloatVector;

/**
 * Rotary position embedding as ggml's {@code rope} computes it (no YaRN extrapolation: {@code ext_factor = 0},
 * {@code attn_factor = 1}): the angle of pair i at position p is {@code theta_i = freq_scale * p * base^(-2i/dims)},
 * with the powers formed as ggml does, by repeated float multiplication {@code theta *= theta_scale} where
 * {@code theta_scale = powf(base, -2/dims)}. {@link #angles} fills the cos/sin tables once per position; they
 * then serve every head. NEOX mode (qwen2, qwen3moe) rotates pairs {@code (i, i + dims/2)}; normal mode (llama)
 * rotates pairs {@code (2i, 2i+1)}. Values past {@code dims} in a head are left as they are.
 */
public final class Rope {
    private final int dims;
    private final float freqScale;
    private final float thetaScale;

    /**
     * @param dims rotated values per head ({@code rope.dimension_count}, usually the head size); even
     * @param freqBase {@code rope.freq_base} (1e6 for Qwen3)
     * @param freqScale 1 / {@code rope.scaling.factor} for linear scaling, else 1
     */
    public Rope(int dims, float freqBase, float freqScale) {
        if (dims <= 0 || dims % 2 != 0) throw new IllegalArgumentException("rope dims must be positive and even, got " + dims);
        this.dims = dims;
        this.freqScale = freqScale;
        this.thetaScale = (float) Math.pow(freqBase, -2.0f / dims);
    }

    public int dims() {
        return dims;
    }

    /** {@code cos[i]} and {@code sin[i]} (i < dims/2) of pair i's angle at {@code position}. */
    public void angles(int position, float[] cos, float[] sin) {
        float theta = position;
        for (int i = 0; i < dims / 2; i++) {
            float t = freqScale * theta;
            cos[i] = (float) Math.cos(t);
            sin[i] = (float) Math.sin(t);
            theta *= thetaScale;
        }
    }

    /** Rotates the head at {@code x[offset..]} in NEOX mode with tables from {@link #angles}. */
    public void neox(float[] x, int offset, float[] cos, float[] sin) {
        if (Kernels.vector()) neoxVector(x, offset, dims, cos, sin);
        else neoxScalar(x, offset, dims, cos, sin);
    }

    /** Rotates the head at {@code x[offset..]} in normal (adjacent pairs) mode. */
    public void normal(float[] x, int offset, float[] cos, float[] sin) {
        for (int i = 0; i < dims / 2; i++) {
            float x0 = x[offset + 2 * i], x1 = x[offset + 2 * i + 1];
            x[offset + 2 * i] = x0 * cos[i] - x1 * sin[i];
            x[offset + 2 * i + 1] = x0 * sin[i] + x1 * cos[i];
        }
    }

    public static void neoxScalar(float[] x, int offset, int dims, float[] cos, float[] sin) {
        int half = dims / 2;
        for (int i = 0; i < half; i++) {
            float x0 = x[offset + i], x1 = x[offset + i + half];
            x[offset + i] = x0 * cos[i] - x1 * sin[i];
            x[offset + i + half] = x0 * sin[i] + x1 * cos[i];
        }
    }

    /** Multiplies and adds without fused rounding, so it equals {@link #neoxScalar} bit for bit. */
    public static void neoxVector(float[] x, int offset, int dims, float[] cos, float[] sin) {
        int half = dims / 2;
        int i = 0;
        for (int upper = F8.loopBound(half); i < upper; i += 8) {
            FloatVector c = FloatVector.fromArray(F8, cos, i), s = FloatVector.fromArray(F8, sin, i);
            FloatVector x0 = FloatVector.fromArray(F8, x, offset + i), x1 = FloatVector.fromArray(F8, x, offset + i + half);
            x0.mul(c).sub(x1.mul(s)).intoArray(x, offset + i);
            x0.mul(s).add(x1.mul(c)).intoArray(x, offset + i + half);
        }
        for (; i < half; i++) {
            float x0 = x[offset + i], x1 = x[offset + i + half];
            x[offset + i] = x0 * cos[i] - x1 * sin[i];
            x[offset + i + half] = x0 * sin[i] + x1 * cos[i];
        }
    }
}
