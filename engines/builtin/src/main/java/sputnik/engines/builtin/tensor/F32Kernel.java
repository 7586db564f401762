package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.FLOAT_LE;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.sum8;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * F32 weights times F32 activations ({@code ggml_vec_dot_f32}). Scalar: float products summed in double, as
 * ggml's generic code; vector: four 8-lane FMA accumulators (ggml's SIMD path also sums in float lanes).
 */
final class F32Kernel extends TensorKernel {
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

    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        return dotVector(data, offset, x.values(), n);
    }

    static float dotVector(MemorySegment data, long offset, float[] x, int n) {
        FloatVector a0 = FloatVector.zero(F8), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int upper = n & ~31; i < upper; i += 32) {
            long o = offset + 4L * i;
            a0 = FloatVector.fromMemorySegment(F8, data, o, LE).fma(FloatVector.fromArray(F8, x, i), a0);
            a1 = FloatVector.fromMemorySegment(F8, data, o + 32, LE).fma(FloatVector.fromArray(F8, x, i + 8), a1);
            a2 = FloatVector.fromMemorySegment(F8, data, o + 64, LE).fma(FloatVector.fromArray(F8, x, i + 16), a2);
            a3 = FloatVector.fromMemorySegment(F8, data, o + 96, LE).fma(FloatVector.fromArray(F8, x, i + 24), a3);
        }
        for (; i + 8 <= n; i += 8) a0 = FloatVector.fromMemorySegment(F8, data, offset + 4L * i, LE).fma(FloatVector.fromArray(F8, x, i), a0);
        // The lanes are summed in a fixed order, written out: reduceLanes(ADD) leaves the order to the implementation, and
        // the interpreter and C1 (lane by lane) differ from C2 (a tree) in the last bits, so a dot product would change once
        // C2 compiled it (and a row computed by a pool thread could differ from the same row on the caller). This is C2's
        // tree on x86 (halves, quarters, pairs), so compiled results are unchanged. Inline, not a helper: a helper C2 does
        // not inline boxes the vector it is passed.
        FloatVector s = a0.add(a1).add(a2.add(a3));
        float sum = (s.lane(0) + s.lane(4) + (s.lane(2) + s.lane(6))) + (s.lane(1) + s.lane(5) + (s.lane(3) + s.lane(7)));
        for (; i < n; i++) sum += data.get(FLOAT_LE, offset + 4L * i) * x[i];
        return sum;
    }

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): each weight vector is loaded once for all the tile's
    // vectors; each vector keeps dotVector's accumulators, adds to them with the same FMAs in the same order and sums
    // them and its scalar end as dotVector does: results equal to dotVector's bit for bit.
    @Override
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] x0 = xs[j].values();
        float[] x1 = xs[j + 1].values();
        float[] x2 = xs[j + 2].values();
        float[] x3 = xs[j + 3].values();
        FloatVector z = FloatVector.zero(F8);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z, a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        int i = 0;
        for (int upper = n & ~31; i < upper; i += 32) {
            FloatVector w0 = FloatVector.fromMemorySegment(F8, data, offset + 4L * i, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F8, data, offset + 4L * i + 32, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F8, data, offset + 4L * i + 64, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F8, data, offset + 4L * i + 96, LE);
            a00 = w0.fma(FloatVector.fromArray(F8, x0, i), a00);
            a01 = w1.fma(FloatVector.fromArray(F8, x0, i + 8), a01);
            a02 = w2.fma(FloatVector.fromArray(F8, x0, i + 16), a02);
            a03 = w3.fma(FloatVector.fromArray(F8, x0, i + 24), a03);
            a10 = w0.fma(FloatVector.fromArray(F8, x1, i), a10);
            a11 = w1.fma(FloatVector.fromArray(F8, x1, i + 8), a11);
            a12 = w2.fma(FloatVector.fromArray(F8, x1, i + 16), a12);
            a13 = w3.fma(FloatVector.fromArray(F8, x1, i + 24), a13);
            a20 = w0.fma(FloatVector.fromArray(F8, x2, i), a20);
            a21 = w1.fma(FloatVector.fromArray(F8, x2, i + 8), a21);
            a22 = w2.fma(FloatVector.fromArray(F8, x2, i + 16), a22);
            a23 = w3.fma(FloatVector.fromArray(F8, x2, i + 24), a23);
            a30 = w0.fma(FloatVector.fromArray(F8, x3, i), a30);
            a31 = w1.fma(FloatVector.fromArray(F8, x3, i + 8), a31);
            a32 = w2.fma(FloatVector.fromArray(F8, x3, i + 16), a32);
            a33 = w3.fma(FloatVector.fromArray(F8, x3, i + 24), a33);
        }
        for (; i + 8 <= n; i += 8) {
            FloatVector w = FloatVector.fromMemorySegment(F8, data, offset + 4L * i, LE);
            a00 = w.fma(FloatVector.fromArray(F8, x0, i), a00);
            a10 = w.fma(FloatVector.fromArray(F8, x1, i), a10);
            a20 = w.fma(FloatVector.fromArray(F8, x2, i), a20);
            a30 = w.fma(FloatVector.fromArray(F8, x3, i), a30);
        }
        float[] lanes = s.lanes;
        a00.add(a01).add(a02.add(a03)).intoArray(lanes, 0);
        a10.add(a11).add(a12.add(a13)).intoArray(lanes, 8);
        a20.add(a21).add(a22.add(a23)).intoArray(lanes, 16);
        a30.add(a31).add(a32.add(a33)).intoArray(lanes, 24);
        float r0 = sum8(lanes, 0);
        for (int t = i; t < n; t++) r0 += data.get(FLOAT_LE, offset + 4L * t) * x0[t];
        s.res[0] = r0;
        float r1 = sum8(lanes, 8);
        for (int t = i; t < n; t++) r1 += data.get(FLOAT_LE, offset + 4L * t) * x1[t];
        s.res[1] = r1;
        float r2 = sum8(lanes, 16);
        for (int t = i; t < n; t++) r2 += data.get(FLOAT_LE, offset + 4L * t) * x2[t];
        s.res[2] = r2;
        float r3 = sum8(lanes, 24);
        for (int t = i; t < n; t++) r3 += data.get(FLOAT_LE, offset + 4L * t) * x3[t];
        s.res[3] = r3;
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] x0 = xs[j].values();
        float[] x1 = xs[j + 1].values();
        FloatVector z = FloatVector.zero(F8);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        int i = 0;
        for (int upper = n & ~31; i < upper; i += 32) {
            FloatVector w0 = FloatVector.fromMemorySegment(F8, data, offset + 4L * i, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F8, data, offset + 4L * i + 32, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F8, data, offset + 4L * i + 64, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F8, data, offset + 4L * i + 96, LE);
            a00 = w0.fma(FloatVector.fromArray(F8, x0, i), a00);
            a01 = w1.fma(FloatVector.fromArray(F8, x0, i + 8), a01);
            a02 = w2.fma(FloatVector.fromArray(F8, x0, i + 16), a02);
            a03 = w3.fma(FloatVector.fromArray(F8, x0, i + 24), a03);
            a10 = w0.fma(FloatVector.fromArray(F8, x1, i), a10);
            a11 = w1.fma(FloatVector.fromArray(F8, x1, i + 8), a11);
            a12 = w2.fma(FloatVector.fromArray(F8, x1, i + 16), a12);
            a13 = w3.fma(FloatVector.fromArray(F8, x1, i + 24), a13);
        }
        for (; i + 8 <= n; i += 8) {
            FloatVector w = FloatVector.fromMemorySegment(F8, data, offset + 4L * i, LE);
            a00 = w.fma(FloatVector.fromArray(F8, x0, i), a00);
            a10 = w.fma(FloatVector.fromArray(F8, x1, i), a10);
        }
        float[] lanes = s.lanes;
        a00.add(a01).add(a02.add(a03)).intoArray(lanes, 0);
        a10.add(a11).add(a12.add(a13)).intoArray(lanes, 8);
        float r0 = sum8(lanes, 0);
        for (int t = i; t < n; t++) r0 += data.get(FLOAT_LE, offset + 4L * t) * x0[t];
        s.res[0] = r0;
        float r1 = sum8(lanes, 8);
        for (int t = i; t < n; t++) r1 += data.get(FLOAT_LE, offset + 4L * t) * x1[t];
        s.res[1] = r1;
    }
}
