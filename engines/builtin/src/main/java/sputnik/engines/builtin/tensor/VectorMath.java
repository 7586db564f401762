package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F;
import static sputnik.engines.builtin.tensor.Simd.L;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float kernels around the matrix-vector products: dot and axpy (attention over an F32 KV cache),
 * RMSNorm, softmax, SiLU and SwiGLU, element-wise add and scale, argmax. Each has a scalar reference
 * ({@code ...Scalar}) and a Vector API version ({@code ...Vector}); the plain name dispatches on {@link
 * Kernels#vector()}. Arrays are addressed with explicit offsets so that heads, rows and cache slots are
 * views into larger arrays.
 *
 * <p>Numerics follow ggml's CPU ops: RMSNorm sums squares in double, then {@code y = (x * (1 / sqrt(mean +
 * eps))) * w}; softmax subtracts the max, sums {@code exp} in double and multiplies by {@code (float) (1 /
 * sum)}; SiLU is {@code x / (1 + exp(-x))}. The vector versions compute the same per-element formulas with an
 * exp of their own (Cephes' expf polynomial, within 2 ulp; the Vector API's EXP is far slower than scalar code on
 * this JDK without a vector math library for the CPU), and sums differ only in order. The vector versions run at
 * the width {@link Kernels} sets, and sum their lanes in one fixed order per width.
 */
public final class VectorMath {
    private VectorMath() {}

    /** Doubles at the generic width: a float vector's lanes, converted, fill two of them ({@code L / 2} lanes each). */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, VectorShape.forBitSize(Simd.BITS));
    /** Half the width, as many floats as {@link #D} has doubles. */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class, VectorShape.forBitSize(Simd.BITS / 2));

    // ---- dot

    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        return Kernels.vector() ? dotVector(a, aOffset, b, bOffset, n) : dotScalar(a, aOffset, b, bOffset, n);
    }

    /** Float products summed in double ({@code ggml_vec_dot_f32}'s generic code). */
    public static float dotScalar(float[] a, int aOffset, float[] b, int bOffset, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += a[aOffset + i] * b[bOffset + i];
        return (float) sum;
    }

    public static float dotVector(float[] a, int aOffset, float[] b, int bOffset, int n) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int upper = n - n % (4 * L); i < upper; i += 4 * L) {
            s0 = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), s0);
            s1 = FloatVector.fromArray(F, a, aOffset + i + L).fma(FloatVector.fromArray(F, b, bOffset + i + L), s1);
            s2 = FloatVector.fromArray(F, a, aOffset + i + 2 * L).fma(FloatVector.fromArray(F, b, bOffset + i + 2 * L), s2);
            s3 = FloatVector.fromArray(F, a, aOffset + i + 3 * L).fma(FloatVector.fromArray(F, b, bOffset + i + 3 * L), s3);
        }
        for (; i + L <= n; i += L) s0 = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), s0);
        FloatVector s = s0.add(s1).add(s2.add(s3));
        // Simd.sumLanes' fixed order (see F32Kernel), from the lanes: halves added until 8 are left, then C2's tree
        float sum = switch (L) {
            case 4 -> (s.lane(0) + s.lane(2)) + (s.lane(1) + s.lane(3));
            case 8 -> (s.lane(0) + s.lane(4) + (s.lane(2) + s.lane(6))) + (s.lane(1) + s.lane(5) + (s.lane(3) + s.lane(7)));
            default -> ((s.lane(0) + s.lane(8)) + (s.lane(4) + s.lane(12)) + ((s.lane(2) + s.lane(10)) + (s.lane(6) + s.lane(14))))
                    + ((s.lane(1) + s.lane(9)) + (s.lane(5) + s.lane(13)) + ((s.lane(3) + s.lane(11)) + (s.lane(7) + s.lane(15))));
        };
        for (; i < n; i++) sum += a[aOffset + i] * b[bOffset + i];
        return sum;
    }

    // ---- axpy: y += alpha * x

    public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        if (Kernels.vector()) axpyVector(alpha, x, xOffset, y, yOffset, n);
        else axpyScalar(alpha, x, xOffset, y, yOffset, n);
    }

    public static void axpyScalar(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        for (int i = 0; i < n; i++) y[yOffset + i] += alpha * x[xOffset + i];
    }

    /** Multiply then add (no fused rounding), so it equals {@link #axpyScalar} bit for bit. */
    public static void axpyVector(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(F, x, xOffset + i).mul(alpha).add(FloatVector.fromArray(F, y, yOffset + i)).intoArray(y, yOffset + i);
        }
        for (; i < n; i++) y[yOffset + i] += alpha * x[xOffset + i];
    }

    // ---- RMSNorm

    /**
     * {@code out[i] = (x[i] * (1 / sqrt(mean(x^2) + eps))) * weight[i]}; {@code weight} may be null (no gain).
     * {@code out} may be {@code x} (in place).
     */
    public static void rmsnorm(float[] out, int outOffset, float[] x, int xOffset, float[] weight, int weightOffset, int n, float eps) {
        if (Kernels.vector()) rmsnormVector(out, outOffset, x, xOffset, weight, weightOffset, n, eps);
        else rmsnormScalar(out, outOffset, x, xOffset, weight, weightOffset, n, eps);
    }

    public static void rmsnormScalar(float[] out, int outOffset, float[] x, int xOffset, float[] weight, int weightOffset, int n, float eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += x[xOffset + i] * x[xOffset + i];
        float scale = rmsScale(sum, n, eps);
        for (int i = 0; i < n; i++) {
            float y = x[xOffset + i] * scale;
            out[outOffset + i] = weight == null ? y : y * weight[weightOffset + i];
        }
    }

    private static float rmsScale(double sumSquares, int n, float eps) {
        float mean = (float) (sumSquares / n);
        return 1.0f / (float) Math.sqrt(mean + eps);
    }

    public static void rmsnormVector(float[] out, int outOffset, float[] x, int xOffset, float[] weight, int weightOffset, int n, float eps) {
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0;
        int i = 0;
        int upper = F.loopBound(n);
        for (; i < upper; i += L) {
            // each half of the vector squared and widened on its own (the same lanes, the same bits as widening the two
            // halves of one full-width product): a same-lane-count float-to-double conversion is compiled to one
            // instruction at every width, while taking part 1 of a 512-bit vector was left uncompiled after some
            // deoptimizations and allocated a boxed vector per call
            FloatVector lo = FloatVector.fromArray(FH, x, xOffset + i), hi = FloatVector.fromArray(FH, x, xOffset + i + L / 2);
            s0 = s0.add((DoubleVector) lo.mul(lo).convertShape(VectorOperators.F2D, D, 0));
            s1 = s1.add((DoubleVector) hi.mul(hi).convertShape(VectorOperators.F2D, D, 0));
        }
        DoubleVector s = s0.add(s1);
        double sum = switch (L) { // a fixed order (see F32Kernel): halves added until 2 lanes are left
            case 4 -> s.lane(0) + s.lane(1);
            case 8 -> (s.lane(0) + s.lane(2)) + (s.lane(1) + s.lane(3));
            default -> ((s.lane(0) + s.lane(4)) + (s.lane(2) + s.lane(6))) + ((s.lane(1) + s.lane(5)) + (s.lane(3) + s.lane(7)));
        };
        for (; i < n; i++) sum += x[xOffset + i] * x[xOffset + i];
        float scale = rmsScale(sum, n, eps);
        for (i = 0; i < upper; i += L) {
            FloatVector y = FloatVector.fromArray(F, x, xOffset + i).mul(scale);
            if (weight != null) y = y.mul(FloatVector.fromArray(F, weight, weightOffset + i));
            y.intoArray(out, outOffset + i);
        }
        for (; i < n; i++) {
            float y = x[xOffset + i] * scale;
            out[outOffset + i] = weight == null ? y : y * weight[weightOffset + i];
        }
    }

    // ---- softmax (in place)

    public static void softmax(float[] x, int offset, int n) {
        if (Kernels.vector()) softmaxVector(x, offset, n);
        else softmaxScalar(x, offset, n);
    }

    public static void softmaxScalar(float[] x, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[offset + i]);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) x[offset + i] *= inv;
    }

    // In three small methods rather than one: as one method (about 600 bytes of bytecode with the exp written out),
    // C2 sometimes ran out of inlining budget for the Vector API's own layers after a few deoptimizations and left
    // vector operations as calls, each allocating a boxed vector (found by a test that decodes with nothing
    // allocated). Only arrays and scalars cross the methods, so nothing is boxed; the result is the same, bit for bit.
    public static void softmaxVector(float[] x, int offset, int n) {
        int upper = F.loopBound(n);
        float max = maxVector(x, offset, n, upper);
        expVector(x, offset, upper, max);
        double sum = sumVector(x, offset, upper);
        for (int i = upper; i < n; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        scaleVector(x, offset, n, (float) (1.0 / sum));
    }

    private static float maxVector(float[] x, int offset, int n, int upper) {
        int i = 0;
        FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (; i < upper; i += L) m = m.max(FloatVector.fromArray(F, x, offset + i));
        float max = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) max = Math.max(max, x[offset + i]);
        return max;
    }

    /** {@code x[i] = exp(x[i] - max)} for the first {@code upper} values (a multiple of the lane count). */
    private static void expVector(float[] x, int offset, int upper, float max) {
        for (int i = 0; i < upper; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, offset + i).sub(max);
            // exp, written out (see expVector): a helper taking vectors would be boxed where C2 does not inline it
            FloatVector t = v.fma(LOG2E, ROUNDER), k = t.sub(ROUNDER);
            FloatVector r = k.fma(FloatVector.broadcast(F, NEG_LN2_HI), v).add(k.mul(NEG_LN2_LO));
            FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(F, P2)).fma(r, FloatVector.broadcast(F, P3)).fma(r, FloatVector.broadcast(F, P4)).fma(r, FloatVector.broadcast(F, P5));
            FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
            FloatVector e = y.mul(t.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            e = e.blend(0f, v.compare(VectorOperators.LT, EXP_MIN));
            e.intoArray(x, offset + i);
        }
    }

    /**
     * The sum, in double, of the first {@code upper} values: the lower and upper half of each vector widened and added
     * into their own accumulators (a same-lane-count conversion, one instruction at every width), then the lanes in a
     * fixed order (see F32Kernel).
     */
    private static double sumVector(float[] x, int offset, int upper) {
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0;
        for (int i = 0; i < upper; i += L) {
            s0 = s0.add((DoubleVector) FloatVector.fromArray(FH, x, offset + i).convertShape(VectorOperators.F2D, D, 0));
            s1 = s1.add((DoubleVector) FloatVector.fromArray(FH, x, offset + i + L / 2).convertShape(VectorOperators.F2D, D, 0));
        }
        DoubleVector s = s0.add(s1);
        return switch (L) { // halves added until 2 lanes are left
            case 4 -> s.lane(0) + s.lane(1);
            case 8 -> (s.lane(0) + s.lane(2)) + (s.lane(1) + s.lane(3));
            default -> ((s.lane(0) + s.lane(4)) + (s.lane(2) + s.lane(6))) + ((s.lane(1) + s.lane(5)) + (s.lane(3) + s.lane(7)));
        };
    }

    // exp(x) in float lanes, Cephes' expf: x = k ln2 + r with k = round(x / ln2) (the 1.5 * 2^23 trick, ties to
    // even), ln2 split in two for an exact reduction, a degree-5 polynomial on |r| <= ln2/2, then 2^k built in the
    // exponent bits. Within 2 ulp of exp over the float range; below -87.3 (where 2^k would be subnormal) it
    // returns 0, as for -infinity; callers only pass values <= 0 (softmax) or clamp (SiLU).
    private static final float LOG2E = 1.44269504088896341f, ROUNDER = 12582912f, EXP_MIN = -87.33654f, EXP_MAX = 88.0f;
    private static final int ROUNDER_BITS = 0x4B400000;
    private static final float NEG_LN2_HI = -0.693359375f, NEG_LN2_LO = 2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f, P3 = 4.1665795894e-2f,
            P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /** {@code exp} of each lane, as the vector kernels compute it inline (for tests: it is their reference). */
    static FloatVector expVector(FloatVector v) {
        v = v.min(EXP_MAX);
        FloatVector t = v.fma(LOG2E, ROUNDER), k = t.sub(ROUNDER);
        FloatVector r = k.fma(FloatVector.broadcast(F, NEG_LN2_HI), v).add(k.mul(NEG_LN2_LO));
        FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(F, P2)).fma(r, FloatVector.broadcast(F, P3)).fma(r, FloatVector.broadcast(F, P4)).fma(r, FloatVector.broadcast(F, P5));
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        FloatVector e = y.mul(t.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        return e.blend(0f, v.compare(VectorOperators.LT, EXP_MIN));
    }

    // ---- SiLU, SwiGLU

    /** {@code x[i] = x[i] / (1 + exp(-x[i]))}, in place. */
    public static void silu(float[] x, int offset, int n) {
        if (Kernels.vector()) swigluVector(x, offset, null, 0, x, offset, n);
        else swigluScalar(x, offset, null, 0, x, offset, n);
    }

    /** {@code out[i] = silu(gate[i]) * up[i]} ({@code ggml_swiglu}); {@code up} null means SiLU alone. {@code out} may alias either input. */
    public static void swiglu(float[] gate, int gateOffset, float[] up, int upOffset, float[] out, int outOffset, int n) {
        if (Kernels.vector()) swigluVector(gate, gateOffset, up, upOffset, out, outOffset, n);
        else swigluScalar(gate, gateOffset, up, upOffset, out, outOffset, n);
    }

    static float silu(float g) {
        return g / (1.0f + (float) Math.exp(-g));
    }

    public static void swigluScalar(float[] gate, int gateOffset, float[] up, int upOffset, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            float s = silu(gate[gateOffset + i]);
            out[outOffset + i] = up == null ? s : s * up[upOffset + i];
        }
    }

    public static void swigluVector(float[] gate, int gateOffset, float[] up, int upOffset, float[] out, int outOffset, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) {
            FloatVector g = FloatVector.fromArray(F, gate, gateOffset + i);
            // exp(-g), written out as in softmaxVector; -g is clamped to EXP_MAX (silu is then 0 to float precision)
            FloatVector v = g.neg().min(EXP_MAX);
            FloatVector t = v.fma(LOG2E, ROUNDER), k = t.sub(ROUNDER);
            FloatVector r = k.fma(FloatVector.broadcast(F, NEG_LN2_HI), v).add(k.mul(NEG_LN2_LO));
            FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(F, P2)).fma(r, FloatVector.broadcast(F, P3)).fma(r, FloatVector.broadcast(F, P4)).fma(r, FloatVector.broadcast(F, P5));
            FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
            FloatVector e = y.mul(t.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            e = e.blend(0f, v.compare(VectorOperators.LT, EXP_MIN));
            FloatVector s = g.div(e.add(1f));
            if (up != null) s = s.mul(FloatVector.fromArray(F, up, upOffset + i));
            s.intoArray(out, outOffset + i);
        }
        for (; i < n; i++) {
            float s = silu(gate[gateOffset + i]);
            out[outOffset + i] = up == null ? s : s * up[upOffset + i];
        }
    }

    // ---- add, scale

    /** {@code y[i] += x[i]} (a residual connection). */
    public static void add(float[] x, int xOffset, float[] y, int yOffset, int n) {
        if (Kernels.vector()) {
            int i = 0;
            for (int upper = F.loopBound(n); i < upper; i += L) {
                FloatVector.fromArray(F, y, yOffset + i).add(FloatVector.fromArray(F, x, xOffset + i)).intoArray(y, yOffset + i);
            }
            for (; i < n; i++) y[yOffset + i] += x[xOffset + i];
        } else {
            for (int i = 0; i < n; i++) y[yOffset + i] += x[xOffset + i];
        }
    }

    /** {@code x[i] *= s}. */
    public static void scale(float[] x, int offset, int n, float s) {
        if (Kernels.vector()) scaleVector(x, offset, n, s);
        else for (int i = 0; i < n; i++) x[offset + i] *= s;
    }

    private static void scaleVector(float[] x, int offset, int n, float s) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L) FloatVector.fromArray(F, x, offset + i).mul(s).intoArray(x, offset + i);
        for (; i < n; i++) x[offset + i] *= s;
    }

    // ---- finiteness

    /** The index (relative to {@code offset}) of the first NaN or infinity, or -1 when every value is finite. */
    public static int firstNonFinite(float[] x, int offset, int n) {
        return Kernels.vector() ? firstNonFiniteVector(x, offset, n) : firstNonFiniteScalar(x, offset, n);
    }

    public static int firstNonFiniteScalar(float[] x, int offset, int n) {
        for (int i = 0; i < n; i++) if (!Float.isFinite(x[offset + i])) return i;
        return -1;
    }

    /**
     * {@code v - v} is 0 for a finite value and NaN for NaN or an infinity, and a NaN survives any sum, in any order, so
     * the sums are all 0 exactly when every value is finite; only then, rarely, is the first one looked for one by one.
     * Four sums, so that the adds do not wait on each other.
     */
    public static int firstNonFiniteVector(float[] x, int offset, int n) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int upper = n - n % (4 * L); i < upper; i += 4 * L) {
            FloatVector v0 = FloatVector.fromArray(F, x, offset + i), v1 = FloatVector.fromArray(F, x, offset + i + L);
            FloatVector v2 = FloatVector.fromArray(F, x, offset + i + 2 * L), v3 = FloatVector.fromArray(F, x, offset + i + 3 * L);
            s0 = s0.add(v0.sub(v0));
            s1 = s1.add(v1.sub(v1));
            s2 = s2.add(v2.sub(v2));
            s3 = s3.add(v3.sub(v3));
        }
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, offset + i);
            s0 = s0.add(v.sub(v));
        }
        float tail = 0;
        for (; i < n; i++) tail += x[offset + i] - x[offset + i];
        boolean finite = tail == 0 && !s0.add(s1).add(s2.add(s3)).test(VectorOperators.IS_NAN).anyTrue();
        return finite ? -1 : firstNonFiniteScalar(x, offset, n);
    }

    /** The index (relative to {@code offset}) of the largest value, the lowest index among equals; NaNs are skipped. */
    public static int argmax(float[] x, int offset, int n) {
        int best = 0;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (x[offset + i] > bestValue) {
                bestValue = x[offset + i];
                best = i;
            }
        }
        return best;
    }
}
