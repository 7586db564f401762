package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.I8;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.S8;
import static sputnik.engines.builtin.tensor.Simd.f16;
import static sputnik.engines.builtin.tensor.Simd.sum8;

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

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): each 8 fp16 weights are converted once for all the tile's
    // vectors (the conversion is most of dotVector's work); each vector keeps dotVector's accumulator, adds to it with
    // the same FMAs in the same order and sums it and its scalar end as dotVector does: results equal bit for bit.
    @Override
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] h0 = xs[j + 0].f16();
        float[] h1 = xs[j + 1].f16();
        float[] h2 = xs[j + 2].f16();
        float[] h3 = xs[j + 3].f16();
        FloatVector a0 = FloatVector.zero(F8), a1 = FloatVector.zero(F8), a2 = FloatVector.zero(F8), a3 = FloatVector.zero(F8);
        int i = 0;
        for (int upper = n & ~7; i < upper; i += 8) {
            IntVector v = (IntVector) ShortVector.fromMemorySegment(S8, data, offset + 2L * i, LE).convertShape(VectorOperators.S2I, I8, 0);
            IntVector em = v.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
            FloatVector w = em.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts()
                    .blend(em.or(0x7F800000), em.compare(VectorOperators.GE, 0x7C00 << 13))
                    .or(v.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            a0 = w.fma(FloatVector.fromArray(F8, h0, i), a0);
            a1 = w.fma(FloatVector.fromArray(F8, h1, i), a1);
            a2 = w.fma(FloatVector.fromArray(F8, h2, i), a2);
            a3 = w.fma(FloatVector.fromArray(F8, h3, i), a3);
        }
        float[] lanes = s.lanes;
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, 8);
        a2.intoArray(lanes, 16);
        a3.intoArray(lanes, 24);
        float r0 = sum8(lanes, 0);
        for (int t = i; t < n; t++) r0 += f16(data, offset + 2L * t) * h0[t];
        s.res[0] = r0;
        float r1 = sum8(lanes, 8);
        for (int t = i; t < n; t++) r1 += f16(data, offset + 2L * t) * h1[t];
        s.res[1] = r1;
        float r2 = sum8(lanes, 16);
        for (int t = i; t < n; t++) r2 += f16(data, offset + 2L * t) * h2[t];
        s.res[2] = r2;
        float r3 = sum8(lanes, 24);
        for (int t = i; t < n; t++) r3 += f16(data, offset + 2L * t) * h3[t];
        s.res[3] = r3;
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        float[] h0 = xs[j + 0].f16();
        float[] h1 = xs[j + 1].f16();
        FloatVector a0 = FloatVector.zero(F8), a1 = FloatVector.zero(F8);
        int i = 0;
        for (int upper = n & ~7; i < upper; i += 8) {
            IntVector v = (IntVector) ShortVector.fromMemorySegment(S8, data, offset + 2L * i, LE).convertShape(VectorOperators.S2I, I8, 0);
            IntVector em = v.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
            FloatVector w = em.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts()
                    .blend(em.or(0x7F800000), em.compare(VectorOperators.GE, 0x7C00 << 13))
                    .or(v.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            a0 = w.fma(FloatVector.fromArray(F8, h0, i), a0);
            a1 = w.fma(FloatVector.fromArray(F8, h1, i), a1);
        }
        float[] lanes = s.lanes;
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, 8);
        float r0 = sum8(lanes, 0);
        for (int t = i; t < n; t++) r0 += f16(data, offset + 2L * t) * h0[t];
        s.res[0] = r0;
        float r1 = sum8(lanes, 8);
        for (int t = i; t < n; t++) r1 += f16(data, offset + 2L * t) * h1[t];
        s.res[1] = r1;
    }
}
