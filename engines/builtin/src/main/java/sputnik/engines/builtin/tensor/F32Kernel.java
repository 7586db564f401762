package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F;
import static sputnik.engines.builtin.tensor.Simd.L;
import static sputnik.engines.builtin.tensor.Simd.FLOAT_LE;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.sumLanes;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * F32 weights times F32 activations ({@code ggml_vec_dot_f32}). Scalar: float products summed in double, as
 * ggml's generic code; vector: four FMA accumulators of the width {@link Kernels} sets (ggml's SIMD path also sums in float lanes).
 */
final class F32Kernel extends TensorKernel {
    F32Kernel() {
        super(true); // vector kernels for any width
    }

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) out[outOffset + i] = data.get(FLOAT_LE, offset + 4L * i);
    }

    @Override
    public float dotScalar(MemorySegment data, long offset, Activation x, int n) {
        return dotScalar(data, offset, x.values(), n);
    }

    static float dotScalar(MemorySegment data, long offset, float[] x, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += data.get(FLOAT_LE, offset + 4L * i) * x[i];
        return (float) sum;
    }

    // Four FMA accumulators of L lanes (the width Kernels sets), then L-lane steps into the first, then scalar. The lanes
    // are summed in a fixed order, from memory (Simd.sumLanes): reduceLanes(ADD) leaves the order to the implementation,
    // and the interpreter and C1 (lane by lane) differ from C2 (a tree) in the last bits, so a dot product would change
    // once C2 compiled it (and a row computed by a pool thread could differ from the same row on the caller).
    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        return dotVector(data, offset, x, n, scratch());
    }

    @Override
    float dotVector(MemorySegment data, long offset, Activation x, int n, Scratch s) {
        float[] v = x0(x);
        float[] lanes = s.lanes;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int upper = n - n % (4 * L); i < upper; i += 4 * L) {
            FloatVector w0 = FloatVector.fromMemorySegment(F, data, offset + 4L * i, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, data, offset + 4L * i + 4L * L, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, data, offset + 4L * i + 4L * 2 * L, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, data, offset + 4L * i + 4L * 3 * L, LE);
            a0 = w0.fma(FloatVector.fromArray(F, v, i), a0);
            a1 = w1.fma(FloatVector.fromArray(F, v, i + L), a1);
            a2 = w2.fma(FloatVector.fromArray(F, v, i + 2 * L), a2);
            a3 = w3.fma(FloatVector.fromArray(F, v, i + 3 * L), a3);
        }
        for (; i + L <= n; i += L) {
            FloatVector w = FloatVector.fromMemorySegment(F, data, offset + 4L * i, LE);
            a0 = w.fma(FloatVector.fromArray(F, v, i), a0);
        }
        a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
        float sum = sumLanes(lanes, 0);
        for (; i < n; i++) sum += data.get(FLOAT_LE, offset + 4L * i) * v[i];
        return sum;
    }

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): each weight vector is loaded once for all the tile's
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
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z, a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        int i = 0;
        for (int upper = n - n % (4 * L); i < upper; i += 4 * L) {
            FloatVector w0 = FloatVector.fromMemorySegment(F, data, offset + 4L * i, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, data, offset + 4L * i + 4L * L, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, data, offset + 4L * i + 4L * 2 * L, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, data, offset + 4L * i + 4L * 3 * L, LE);
            a00 = w0.fma(FloatVector.fromArray(F, x0, i), a00);
            a01 = w1.fma(FloatVector.fromArray(F, x0, i + L), a01);
            a02 = w2.fma(FloatVector.fromArray(F, x0, i + 2 * L), a02);
            a03 = w3.fma(FloatVector.fromArray(F, x0, i + 3 * L), a03);
            a10 = w0.fma(FloatVector.fromArray(F, x1, i), a10);
            a11 = w1.fma(FloatVector.fromArray(F, x1, i + L), a11);
            a12 = w2.fma(FloatVector.fromArray(F, x1, i + 2 * L), a12);
            a13 = w3.fma(FloatVector.fromArray(F, x1, i + 3 * L), a13);
            a20 = w0.fma(FloatVector.fromArray(F, x2, i), a20);
            a21 = w1.fma(FloatVector.fromArray(F, x2, i + L), a21);
            a22 = w2.fma(FloatVector.fromArray(F, x2, i + 2 * L), a22);
            a23 = w3.fma(FloatVector.fromArray(F, x2, i + 3 * L), a23);
            a30 = w0.fma(FloatVector.fromArray(F, x3, i), a30);
            a31 = w1.fma(FloatVector.fromArray(F, x3, i + L), a31);
            a32 = w2.fma(FloatVector.fromArray(F, x3, i + 2 * L), a32);
            a33 = w3.fma(FloatVector.fromArray(F, x3, i + 3 * L), a33);
        }
        for (; i + L <= n; i += L) {
            FloatVector w = FloatVector.fromMemorySegment(F, data, offset + 4L * i, LE);
            a00 = w.fma(FloatVector.fromArray(F, x0, i), a00);
            a10 = w.fma(FloatVector.fromArray(F, x1, i), a10);
            a20 = w.fma(FloatVector.fromArray(F, x2, i), a20);
            a30 = w.fma(FloatVector.fromArray(F, x3, i), a30);
        }
        a00.add(a01).add(a02.add(a03)).intoArray(lanes, 0);
        a10.add(a11).add(a12.add(a13)).intoArray(lanes, 1 * L);
        a20.add(a21).add(a22.add(a23)).intoArray(lanes, 2 * L);
        a30.add(a31).add(a32.add(a33)).intoArray(lanes, 3 * L);
        float r0 = sumLanes(lanes, 0 * L);
        for (int t = i; t < n; t++) r0 += data.get(FLOAT_LE, offset + 4L * t) * x0[t];
        s.res[0] = r0;
        float r1 = sumLanes(lanes, 1 * L);
        for (int t = i; t < n; t++) r1 += data.get(FLOAT_LE, offset + 4L * t) * x1[t];
        s.res[1] = r1;
        float r2 = sumLanes(lanes, 2 * L);
        for (int t = i; t < n; t++) r2 += data.get(FLOAT_LE, offset + 4L * t) * x2[t];
        s.res[2] = r2;
        float r3 = sumLanes(lanes, 3 * L);
        for (int t = i; t < n; t++) r3 += data.get(FLOAT_LE, offset + 4L * t) * x3[t];
        s.res[3] = r3;
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] x0 = x0(xs[j + 0]);
        float[] x1 = x0(xs[j + 1]);
        float[] lanes = s.lanes;
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        int i = 0;
        for (int upper = n - n % (4 * L); i < upper; i += 4 * L) {
            FloatVector w0 = FloatVector.fromMemorySegment(F, data, offset + 4L * i, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, data, offset + 4L * i + 4L * L, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, data, offset + 4L * i + 4L * 2 * L, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, data, offset + 4L * i + 4L * 3 * L, LE);
            a00 = w0.fma(FloatVector.fromArray(F, x0, i), a00);
            a01 = w1.fma(FloatVector.fromArray(F, x0, i + L), a01);
            a02 = w2.fma(FloatVector.fromArray(F, x0, i + 2 * L), a02);
            a03 = w3.fma(FloatVector.fromArray(F, x0, i + 3 * L), a03);
            a10 = w0.fma(FloatVector.fromArray(F, x1, i), a10);
            a11 = w1.fma(FloatVector.fromArray(F, x1, i + L), a11);
            a12 = w2.fma(FloatVector.fromArray(F, x1, i + 2 * L), a12);
            a13 = w3.fma(FloatVector.fromArray(F, x1, i + 3 * L), a13);
        }
        for (; i + L <= n; i += L) {
            FloatVector w = FloatVector.fromMemorySegment(F, data, offset + 4L * i, LE);
            a00 = w.fma(FloatVector.fromArray(F, x0, i), a00);
            a10 = w.fma(FloatVector.fromArray(F, x1, i), a10);
        }
        a00.add(a01).add(a02.add(a03)).intoArray(lanes, 0);
        a10.add(a11).add(a12.add(a13)).intoArray(lanes, 1 * L);
        float r0 = sumLanes(lanes, 0 * L);
        for (int t = i; t < n; t++) r0 += data.get(FLOAT_LE, offset + 4L * t) * x0[t];
        s.res[0] = r0;
        float r1 = sumLanes(lanes, 1 * L);
        for (int t = i; t < n; t++) r1 += data.get(FLOAT_LE, offset + 4L * t) * x1[t];
        s.res[1] = r1;
    }

    private static float[] x0(Activation x) {
        return x.values();
    }
}
