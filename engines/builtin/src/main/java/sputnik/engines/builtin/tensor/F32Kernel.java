package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.FLOAT_LE;
import static sputnik.engines.builtin.tensor.Simd.LE;

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
}
