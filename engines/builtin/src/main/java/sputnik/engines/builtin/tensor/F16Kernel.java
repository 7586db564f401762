package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F;
import static sputnik.engines.builtin.tensor.Simd.I;
import static sputnik.engines.builtin.tensor.Simd.L;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.SH;
import static sputnik.engines.builtin.tensor.Simd.f16;
import static sputnik.engines.builtin.tensor.Simd.sumLanes;

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
 * subnormals, infinities and NaNs included) and summed in an FMA accumulator of the width {@link Kernels} sets.
 */
final class F16Kernel extends TensorKernel {
    F16Kernel() {
        super(true); // vector kernels for any width
    }

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

    // Written out without vector helper methods (see Q8_0Kernel), at the width Kernels sets (L lanes). fp16 to float,
    // exactly: the exponent and mantissa bits moved into a float and scaled by 2^(127-15) (right for normals and
    // subnormals), infinities and NaNs given the float exponent, then the sign. One accumulator; lanes summed in
    // Simd.sumLanes' fixed order (see F32Kernel).
    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        return dotVector(data, offset, x, n, scratch());
    }

    @Override
    float dotVector(MemorySegment data, long offset, Activation x, int n, Scratch s) {
        float[] h = x.f16();
        FloatVector a0 = FloatVector.zero(F);
        int i = 0;
        for (int upper = n - n % L; i < upper; i += L) {
            IntVector bits = (IntVector) ShortVector.fromMemorySegment(SH, data, offset + 2L * i, LE).convertShape(VectorOperators.S2I, I, 0);
            IntVector em = bits.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
            FloatVector w = em.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts()
                    .blend(em.or(0x7F800000), em.compare(VectorOperators.GE, 0x7C00 << 13))
                    .or(bits.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            a0 = w.fma(FloatVector.fromArray(F, h, i), a0);
        }
        a0.intoArray(s.lanes, 0);
        float sum = sumLanes(s.lanes, 0);
        for (; i < n; i++) sum += f16(data, offset + 2L * i) * h[i];
        return sum;
    }

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): each L fp16 weights are converted once for all the tile's
    // vectors (the conversion is most of dotVector's work); each vector keeps dotVector's accumulator, adds to it with
    // the same FMAs in the same order and sums it and its scalar end as dotVector does: results equal bit for bit.
    @Override
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] h0 = xs[j + 0].f16();
        float[] h1 = xs[j + 1].f16();
        float[] h2 = xs[j + 2].f16();
        float[] h3 = xs[j + 3].f16();
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int i = 0;
        for (int upper = n - n % L; i < upper; i += L) {
            IntVector bits = (IntVector) ShortVector.fromMemorySegment(SH, data, offset + 2L * i, LE).convertShape(VectorOperators.S2I, I, 0);
            IntVector em = bits.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
            FloatVector w = em.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts()
                    .blend(em.or(0x7F800000), em.compare(VectorOperators.GE, 0x7C00 << 13))
                    .or(bits.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            a0 = w.fma(FloatVector.fromArray(F, h0, i), a0);
            a1 = w.fma(FloatVector.fromArray(F, h1, i), a1);
            a2 = w.fma(FloatVector.fromArray(F, h2, i), a2);
            a3 = w.fma(FloatVector.fromArray(F, h3, i), a3);
        }
        float[] lanes = s.lanes;
        a0.intoArray(lanes, 0 * L);
        a1.intoArray(lanes, 1 * L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
        float r0 = sumLanes(lanes, 0 * L);
        for (int t = i; t < n; t++) r0 += f16(data, offset + 2L * t) * h0[t];
        s.res[0] = r0;
        float r1 = sumLanes(lanes, 1 * L);
        for (int t = i; t < n; t++) r1 += f16(data, offset + 2L * t) * h1[t];
        s.res[1] = r1;
        float r2 = sumLanes(lanes, 2 * L);
        for (int t = i; t < n; t++) r2 += f16(data, offset + 2L * t) * h2[t];
        s.res[2] = r2;
        float r3 = sumLanes(lanes, 3 * L);
        for (int t = i; t < n; t++) r3 += f16(data, offset + 2L * t) * h3[t];
        s.res[3] = r3;
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] h0 = xs[j + 0].f16();
        float[] h1 = xs[j + 1].f16();
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F);
        int i = 0;
        for (int upper = n - n % L; i < upper; i += L) {
            IntVector bits = (IntVector) ShortVector.fromMemorySegment(SH, data, offset + 2L * i, LE).convertShape(VectorOperators.S2I, I, 0);
            IntVector em = bits.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
            FloatVector w = em.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts()
                    .blend(em.or(0x7F800000), em.compare(VectorOperators.GE, 0x7C00 << 13))
                    .or(bits.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            a0 = w.fma(FloatVector.fromArray(F, h0, i), a0);
            a1 = w.fma(FloatVector.fromArray(F, h1, i), a1);
        }
        float[] lanes = s.lanes;
        a0.intoArray(lanes, 0 * L);
        a1.intoArray(lanes, 1 * L);
        float r0 = sumLanes(lanes, 0 * L);
        for (int t = i; t < n; t++) r0 += f16(data, offset + 2L * t) * h0[t];
        s.res[0] = r0;
        float r1 = sumLanes(lanes, 1 * L);
        for (int t = i; t < n; t++) r1 += f16(data, offset + 2L * t) * h1[t];
        s.res[1] = r1;
    }
}
