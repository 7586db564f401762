package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.I8;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.S8;
import static sputnik.engines.builtin.tensor.Simd.SHORT_LE;

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
}
