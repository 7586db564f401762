package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.I8;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.S8;
import static sputnik.engines.builtin.tensor.Simd.SHORT_LE;
import static sputnik.engines.builtin.tensor.Simd.sum8;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * BF16 weights. As ggml's CPU backend ({@code vec_dot_type = BF16}), the activation is rounded to bf16 first
 * and each product is formed in float. Scalar: summed in double ({@code ggml_vec_dot_bf16}'s generic code);
 * vector: 8-lane FMA accumulators.
 */
final class Bf16Kernel extends TensorKernel {
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

    private static FloatVector load8(MemorySegment data, long offset) {
        IntVector v = (IntVector) ShortVector.fromMemorySegment(S8, data, offset, LE).convertShape(VectorOperators.S2I, I8, 0);
        return v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        float[] b = x.bf16();
        FloatVector a0 = FloatVector.zero(F8), a1 = a0;
        int i = 0;
        for (int upper = n & ~15; i < upper; i += 16) {
            long o = offset + 2L * i;
            a0 = load8(data, o).fma(FloatVector.fromArray(F8, b, i), a0);
            a1 = load8(data, o + 16).fma(FloatVector.fromArray(F8, b, i + 8), a1);
        }
        for (; i + 8 <= n; i += 8) a0 = load8(data, offset + 2L * i).fma(FloatVector.fromArray(F8, b, i), a0);
        FloatVector s = a0.add(a1);
        float sum = (s.lane(0) + s.lane(4) + (s.lane(2) + s.lane(6))) + (s.lane(1) + s.lane(5) + (s.lane(3) + s.lane(7))); // fixed order: see F32Kernel
        for (; i < n; i++) sum += bf16(data, offset + 2L * i) * b[i];
        return sum;
    }

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): each weight vector is loaded and widened once for all the tile's
    // vectors; each vector keeps dotVector's accumulators, adds to them with the same FMAs in the same order and sums
    // them and its scalar end as dotVector does: results equal to dotVector's bit for bit.
    @Override
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] x0 = xs[j].bf16();
        float[] x1 = xs[j + 1].bf16();
        float[] x2 = xs[j + 2].bf16();
        float[] x3 = xs[j + 3].bf16();
        FloatVector z = FloatVector.zero(F8);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        int i = 0;
        for (int upper = n & ~15; i < upper; i += 16) {
            FloatVector w0 = load8(data, offset + 2L * i);
            FloatVector w1 = load8(data, offset + 2L * i + 16);
            a00 = w0.fma(FloatVector.fromArray(F8, x0, i), a00);
            a01 = w1.fma(FloatVector.fromArray(F8, x0, i + 8), a01);
            a10 = w0.fma(FloatVector.fromArray(F8, x1, i), a10);
            a11 = w1.fma(FloatVector.fromArray(F8, x1, i + 8), a11);
            a20 = w0.fma(FloatVector.fromArray(F8, x2, i), a20);
            a21 = w1.fma(FloatVector.fromArray(F8, x2, i + 8), a21);
            a30 = w0.fma(FloatVector.fromArray(F8, x3, i), a30);
            a31 = w1.fma(FloatVector.fromArray(F8, x3, i + 8), a31);
        }
        for (; i + 8 <= n; i += 8) {
            FloatVector w = load8(data, offset + 2L * i);
            a00 = w.fma(FloatVector.fromArray(F8, x0, i), a00);
            a10 = w.fma(FloatVector.fromArray(F8, x1, i), a10);
            a20 = w.fma(FloatVector.fromArray(F8, x2, i), a20);
            a30 = w.fma(FloatVector.fromArray(F8, x3, i), a30);
        }
        float[] lanes = s.lanes;
        a00.add(a01).intoArray(lanes, 0);
        a10.add(a11).intoArray(lanes, 8);
        a20.add(a21).intoArray(lanes, 16);
        a30.add(a31).intoArray(lanes, 24);
        float r0 = sum8(lanes, 0);
        for (int t = i; t < n; t++) r0 += bf16(data, offset + 2L * t) * x0[t];
        s.res[0] = r0;
        float r1 = sum8(lanes, 8);
        for (int t = i; t < n; t++) r1 += bf16(data, offset + 2L * t) * x1[t];
        s.res[1] = r1;
        float r2 = sum8(lanes, 16);
        for (int t = i; t < n; t++) r2 += bf16(data, offset + 2L * t) * x2[t];
        s.res[2] = r2;
        float r3 = sum8(lanes, 24);
        for (int t = i; t < n; t++) r3 += bf16(data, offset + 2L * t) * x3[t];
        s.res[3] = r3;
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] x0 = xs[j].bf16();
        float[] x1 = xs[j + 1].bf16();
        FloatVector z = FloatVector.zero(F8);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z;
        int i = 0;
        for (int upper = n & ~15; i < upper; i += 16) {
            FloatVector w0 = load8(data, offset + 2L * i);
            FloatVector w1 = load8(data, offset + 2L * i + 16);
            a00 = w0.fma(FloatVector.fromArray(F8, x0, i), a00);
            a01 = w1.fma(FloatVector.fromArray(F8, x0, i + 8), a01);
            a10 = w0.fma(FloatVector.fromArray(F8, x1, i), a10);
            a11 = w1.fma(FloatVector.fromArray(F8, x1, i + 8), a11);
        }
        for (; i + 8 <= n; i += 8) {
            FloatVector w = load8(data, offset + 2L * i);
            a00 = w.fma(FloatVector.fromArray(F8, x0, i), a00);
            a10 = w.fma(FloatVector.fromArray(F8, x1, i), a10);
        }
        float[] lanes = s.lanes;
        a00.add(a01).intoArray(lanes, 0);
        a10.add(a11).intoArray(lanes, 8);
        float r0 = sum8(lanes, 0);
        for (int t = i; t < n; t++) r0 += bf16(data, offset + 2L * t) * x0[t];
        s.res[0] = r0;
        float r1 = sum8(lanes, 8);
        for (int t = i; t < n; t++) r1 += bf16(data, offset + 2L * t) * x1[t];
        s.res[1] = r1;
    }
}
