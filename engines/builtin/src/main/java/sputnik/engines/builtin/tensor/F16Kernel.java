package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.I8;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.S8;
import static sputnik.engines.builtin.tensor.Simd.f16;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * F16 weights. As ggml's CPU backend ({@code vec_dot_type = F16}), the activation is rounded to fp16 first;
 * each product of two fp16 values is then formed in float. Scalar: summed in double ({@code
 * ggml_vec_dot_f16}'s generic code); vector: fp16 lanes converted to float exactly (bit manipulation,
 * subnormals, infinities and NaNs included) and summed in 8-lane FMA accumulators.
 */
final class F16Kernel extends TensorKernel {
    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) out[outOffset + i] = f16(data, offset + 2L * i);
    }

    @Override
    public float dotScalar(MemorySegment data, long offset, Activation x, int n) {
        float[] h = x.f16();
        double sum = 0;
        for (int i = 0; i < n; i++) sum += f16(data, offset + 2L * i) * h[i];
        return (float) sum;
    }

    // Written out without vector helper methods (see Q8_0Kernel). fp16 to float, exactly: the exponent and
    // mantissa bits moved into a float and scaled by 2^(127-15) (right for normals and subnormals), infinities
    // and NaNs given the float exponent, then the sign.
    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        float[] h = x.f16();
        FloatVector a0 = FloatVector.zero(F8);
        int i = 0;
        for (int upper = n & ~7; i < upper; i += 8) {
            IntVector v = (IntVector) ShortVector.fromMemorySegment(S8, data, offset + 2L * i, LE).convertShape(VectorOperators.S2I, I8, 0);
            IntVector em = v.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
            IntVector bits = em.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts()
                    .blend(em.or(0x7F800000), em.compare(VectorOperators.GE, 0x7C00 << 13))
                    .or(v.and(0x8000).lanewise(VectorOperators.LSHL, 16));
            a0 = bits.reinterpretAsFloats().fma(FloatVector.fromArray(F8, h, i), a0);
        }
        FloatVector s = a0;
        float sum = (s.lane(0) + s.lane(4) + (s.lane(2) + s.lane(6))) + (s.lane(1) + s.lane(5) + (s.lane(3) + s.lane(7))); // fixed order: see F32Kernel
        for (; i < n; i++) sum += f16(data, offset + 2L * i) * h[i];
        return sum;
    }
}
