package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F;
import static sputnik.engines.builtin.tensor.Simd.I;
import static sputnik.engines.builtin.tensor.Simd.L;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.SH;
import static sputnik.engines.builtin.tensor.Simd.SHORT_LE;
import static sputnik.engines.builtin.tensor.Simd.sumLanes;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * BF16 weights. As ggml's CPU backend ({@code vec_dot_type = BF16}), the activation is rounded to bf16 first
 * and each product is formed in float. Scalar: summed in double ({@code ggml_vec_dot_bf16}'s generic code);
 * vector: two FMA accumulators of the width {@link Kernels} sets.
 */
final class Bf16Kernel extends TensorKernel {
    Bf16Kernel() {
        super(true); // vector kernels for any width
    }

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    private static float bf16(MemorySegment data, long offset) {
        return Half.bf16ToFloat(data.get(SHORT_LE, offset));
    }

    @Override
    public void dequantize(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) out[outOffset + i] = bf16(data, offset + 2L * i);
    }

    @Override
    public float dotScalar(MemorySegment data, long offset, Activation x, int n) {
        float[] b = x.bf16();
        double sum = 0;
        for (int i = 0; i < n; i++) sum += bf16(data, offset + 2L * i) * b[i];
        return (float) sum;
    }

    /** {@code L} bf16 values at {@code offset} as floats (a bf16 is the top half of a float). */
    private static FloatVector loadL(MemorySegment data, long offset) {
        IntVector v = (IntVector) ShortVector.fromMemorySegment(SH, data, offset, LE).convertShape(VectorOperators.S2I, I, 0);
        return v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    // Two FMA accumulators of L lanes (the width Kernels sets), then L-lane steps into the first, then scalar; lanes
    // summed in Simd.sumLanes' fixed order (see F32Kernel).
    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        return dotVector(data, offset, x, n, scratch());
    }

    @Override
    float dotVector(MemorySegment data, long offset, Activation x, int n, Scratch s) {
        float[] v = x0(x);
        float[] lanes = s.lanes;
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        int i = 0;
        for (int upper = n - n % (2 * L); i < upper; i += 2 * L) {
            FloatVector w0 = loadL(data, offset + 2L * i);
            FloatVector w1 = loadL(data, offset + 2L * i + 2L * L);
            a0 = w0.fma(FloatVector.fromArray(F, v, i), a0);
            a1 = w1.fma(FloatVector.fromArray(F, v, i + L), a1);
        }
        for (; i + L <= n; i += L) {
            FloatVector w = loadL(data, offset + 2L * i);
            a0 = w.fma(FloatVector.fromArray(F, v, i), a0);
        }
        a0.add(a1).intoArray(lanes, 0);
        float sum = sumLanes(lanes, 0);
        for (; i < n; i++) sum += bf16(data, offset + 2L * i) * v[i];
        return sum;
    }

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): each weight vector is loaded and widened once for all the tile's
    // vectors; each vector keeps dotVector's accumulators, adds to them with the same FMAs in the same order and sums
    // them and its scalar end as dotVector does: results equal to dotVector's bit for bit.
    @Override
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] x0 = x0(xs[j + 0]);
        float[] x1 = x0(xs[j + 1]);
        float[] x2 = x0(xs[j + 2]);
        float[] x3 = x0(xs[j + 3]);
        float[] lanes = s.lanes;
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        int i = 0;
        for (int upper = n - n % (2 * L); i < upper; i += 2 * L) {
            FloatVector w0 = loadL(data, offset + 2L * i);
            FloatVector w1 = loadL(data, offset + 2L * i + 2L * L);
            a00 = w0.fma(FloatVector.fromArray(F, x0, i), a00);
            a01 = w1.fma(FloatVector.fromArray(F, x0, i + L), a01);
            a10 = w0.fma(FloatVector.fromArray(F, x1, i), a10);
            a11 = w1.fma(FloatVector.fromArray(F, x1, i + L), a11);
            a20 = w0.fma(FloatVector.fromArray(F, x2, i), a20);
            a21 = w1.fma(FloatVector.fromArray(F, x2, i + L), a21);
            a30 = w0.fma(FloatVector.fromArray(F, x3, i), a30);
            a31 = w1.fma(FloatVector.fromArray(F, x3, i + L), a31);
        }
        for (; i + L <= n; i += L) {
            FloatVector w = loadL(data, offset + 2L * i);
            a00 = w.fma(FloatVector.fromArray(F, x0, i), a00);
            a10 = w.fma(FloatVector.fromArray(F, x1, i), a10);
            a20 = w.fma(FloatVector.fromArray(F, x2, i), a20);
            a30 = w.fma(FloatVector.fromArray(F, x3, i), a30);
        }
        a00.add(a01).intoArray(lanes, 0);
        a10.add(a11).intoArray(lanes, 1 * L);
        a20.add(a21).intoArray(lanes, 2 * L);
        a30.add(a31).intoArray(lanes, 3 * L);
        float r0 = sumLanes(lanes, 0 * L);
        for (int t = i; t < n; t++) r0 += bf16(data, offset + 2L * t) * x0[t];
        s.res[0] = r0;
        float r1 = sumLanes(lanes, 1 * L);
        for (int t = i; t < n; t++) r1 += bf16(data, offset + 2L * t) * x1[t];
        s.res[1] = r1;
        float r2 = sumLanes(lanes, 2 * L);
        for (int t = i; t < n; t++) r2 += bf16(data, offset + 2L * t) * x2[t];
        s.res[2] = r2;
        float r3 = sumLanes(lanes, 3 * L);
        for (int t = i; t < n; t++) r3 += bf16(data, offset + 2L * t) * x3[t];
        s.res[3] = r3;
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] x0 = x0(xs[j + 0]);
        float[] x1 = x0(xs[j + 1]);
        float[] lanes = s.lanes;
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z;
        int i = 0;
        for (int upper = n - n % (2 * L); i < upper; i += 2 * L) {
            FloatVector w0 = loadL(data, offset + 2L * i);
            FloatVector w1 = loadL(data, offset + 2L * i + 2L * L);
            a00 = w0.fma(FloatVector.fromArray(F, x0, i), a00);
            a01 = w1.fma(FloatVector.fromArray(F, x0, i + L), a01);
            a10 = w0.fma(FloatVector.fromArray(F, x1, i), a10);
            a11 = w1.fma(FloatVector.fromArray(F, x1, i + L), a11);
        }
        for (; i + L <= n; i += L) {
            FloatVector w = loadL(data, offset + 2L * i);
            a00 = w.fma(FloatVector.fromArray(F, x0, i), a00);
            a10 = w.fma(FloatVector.fromArray(F, x1, i), a10);
        }
        a00.add(a01).intoArray(lanes, 0);
        a10.add(a11).intoArray(lanes, 1 * L);
        float r0 = sumLanes(lanes, 0 * L);
        for (int t = i; t < n; t++) r0 += bf16(data, offset + 2L * t) * x0[t];
        s.res[0] = r0;
        float r1 = sumLanes(lanes, 1 * L);
        for (int t = i; t < n; t++) r1 += bf16(data, offset + 2L * t) * x1[t];
        s.res[1] = r1;
    }

    private static float[] x0(Activation x) {
        return x.bf16();
    }
}
