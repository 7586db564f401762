package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F8;

import jdk.incubator.vector.FloatVector;

/**
 * Rotary position embedding as ggml's {@code rope} computes it: the angle of pair i at position p is {@code theta_i =
 * freq_scale * p * base^(-2i/dims)}, with the powers formed as ggml does, by repeated float multiplication {@code theta
 * *= theta_scale} where {@code theta_scale = powf(base, -2/dims)}. {@link #angles} fills the cos/sin tables once per
 * position; they then serve every head. NEOX mode (qwen2, qwen3moe) rotates pairs {@code (i, i + dims/2)}; normal mode
 * (llama, deepseek2) rotates pairs {@code (2i, 2i+1)}. Values past {@code dims} in a head are left as they are.
 *
 * <p>With YaRN ({@link #yarn}) as ggml's {@code rope_yarn}: each pair's angle blends the interpolated angle {@code
 * freq_scale * theta} and the original {@code theta} by a ramp over the pairs between the correction dimensions that
 * beta_fast and beta_slow give for the original context, and cos and sin are scaled by {@code attn_factor * (1 + 0.1
 * ln(1 / freq_scale))}.
 */
public final class Rope {
    private final int dims;
    private final float freqScale;
    private final float thetaScale;
    private final float extFactor, mscale, corrLow, corrHigh; // YaRN; extFactor 0 and mscale 1 without it

    /**
     * @param dims rotated values per head ({@code rope.dimension_count}, usually the head size); even
     * @param freqBase {@code rope.freq_base} (1e6 for Qwen3)
     * @param freqScale 1 / {@code rope.scaling.factor} for linear scaling, else 1
     */
    public Rope(int dims, float freqBase, float freqScale) {
        this(dims, freqBase, freqScale, 0f, 1f, 0f, 0f);
    }

    private Rope(int dims, float freqBase, float freqScale, float extFactor, float mscale, float corrLow, float corrHigh) {
        if (dims <= 0 || dims % 2 != 0) throw new IllegalArgumentException("rope dims must be positive and even, got " + dims);
        this.dims = dims;
        this.freqScale = freqScale;
        this.thetaScale = (float) Math.pow(freqBase, -2.0f / dims);
        this.extFactor = extFactor;
        this.mscale = mscale;
        this.corrLow = corrLow;
        this.corrHigh = corrHigh;
    }

    /**
     * YaRN scaling, with ggml's arguments: {@code freqScale} = 1 / factor, the model's original context {@code origContext},
     * {@code extFactor} (1 for YaRN), {@code attnFactor} (llama.cpp's {@code yarn_attn_factor}, which cancels the
     * magnitude scaling when the model's mscale folds it into the attention scale instead), beta_fast and beta_slow.
     */
    public static Rope yarn(int dims, float freqBase, float freqScale, int origContext, float extFactor, float attnFactor, float betaFast,
                            float betaSlow) {
        float low = (float) Math.floor(corrDim(dims, origContext, betaFast, freqBase));
        float high = (float) Math.ceil(corrDim(dims, origContext, betaSlow, freqBase));
        float mscale = extFactor != 0f ? attnFactor * (1.0f + 0.1f * (float) Math.log(1.0f / freqScale)) : attnFactor;
        return new Rope(dims, freqBase, freqScale, extFactor, mscale, Math.max(0, low), Math.min(dims - 1, high));
    }

    /** ggml's {@code ggml_rope_yarn_corr_dim}: the pair index whose wavelength fits {@code rotations} times in the original context. */
    private static float corrDim(int dims, int origContext, float rotations, float base) {
        return dims * (float) Math.log(origContext / (rotations * 2 * (float) Math.PI)) / (2 * (float) Math.log(base));
    }

    public int dims() {
        return dims;
    }

    /** {@code cos[i]} and {@code sin[i]} (i < dims/2) of pair i's angle at {@code position}. */
    public void angles(int position, float[] cos, float[] sin) {
        float theta = position;
        for (int i = 0; i < dims / 2; i++) {
            float t = freqScale * theta;
            if (extFactor != 0f) {
                float ramp = (1 - Math.min(1, Math.max(0, (i - corrLow) / Math.max(0.001f, corrHigh - corrLow)))) * extFactor;
                t = t * (1 - ramp) + theta * ramp;
            }
            cos[i] = (float) Math.cos(t) * mscale;
            sin[i] = (float) Math.sin(t) * mscale;
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
