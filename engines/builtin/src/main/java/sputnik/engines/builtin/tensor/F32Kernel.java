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
        float sum = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) sum += data.get(FLOAT_LE, offset + 4L * i) * x[i];
        return sum;
    }
}
