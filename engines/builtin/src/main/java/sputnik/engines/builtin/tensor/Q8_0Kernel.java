package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.B16;
import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.S16;
import static sputnik.engines.builtin.tensor.Simd.SHORT_LE;
import static sputnik.engines.builtin.tensor.Simd.f16;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * Q8_0 weights: blocks of 32 values, 34 bytes: an fp16 scale d, then 32 int8 quants; value = d * q. The
 * activation is Q8_0 too ({@code ggml_vec_dot_q8_0_q8_0}): per block an exact integer dot product, scaled by
 * both fp16 scales. Scalar: {@code sumf += sumi * (dw * dx)} block by block, as ggml's generic code; vector:
 * int8 quants widened to 16-bit lanes, multiplied (|q| <= 127, so a product and the sum of two fit), pairs
 * summed into 32-bit lanes, converted to float and accumulated with one FMA per block in 8 float lanes (four
 * accumulators, for blocks 0, 1, 2, 3 mod 4, added at the end), as ggml's AVX2 code does.
 */
final class Q8_0Kernel extends TensorKernel {
    static final int BLOCK_BYTES = 34;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        for (int b = 0; b < n / 32; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            float d = f16(data, o);
            for (int j = 0; j < 32; j++) out[outOffset + 32 * b + j] = data.get(Simd.BYTE, o + 2 + j) * d;
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long offset, Activation x, int n) {
        return dotScalarBlocks(data, offset, x.q80, x.q80d, 0, n / 32);
    }

    // The hot loop is written out in full, without helper methods: C2 compiles a vector helper called from a loop
    // on its own first, then refuses to inline it (too large), and every vector crossing the call is boxed. Four
    // blocks an iteration, their eight loads issued first (more independent work in flight per iteration than two
    // blocks: measured 15-40% faster on Zen 3), four accumulators.
    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        short[] q = x.q80;
        float[] d = x.q80d;
        int nb = n / 32, end = nb & ~3;
        FloatVector a0 = FloatVector.zero(F8), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < end; b += 4) {
            long o = offset + (long) BLOCK_BYTES * b;
            int qi = 32 * b;
            ShortVector w0 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w1 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 18, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w2 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 36, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w3 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 52, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w4 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 70, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w5 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 86, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w6 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 104, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w7 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 120, LE).convertShape(VectorOperators.B2S, S16, 0);
            float s0 = Float.float16ToFloat(data.get(SHORT_LE, o)) * d[b];
            float s1 = Float.float16ToFloat(data.get(SHORT_LE, o + 34)) * d[b + 1];
            float s2 = Float.float16ToFloat(data.get(SHORT_LE, o + 68)) * d[b + 2];
            float s3 = Float.float16ToFloat(data.get(SHORT_LE, o + 102)) * d[b + 3];
            IntVector p0 = w0.mul(ShortVector.fromArray(S16, q, qi)).add(w1.mul(ShortVector.fromArray(S16, q, qi + 16))).reinterpretAsInts();
            IntVector p1 = w2.mul(ShortVector.fromArray(S16, q, qi + 32)).add(w3.mul(ShortVector.fromArray(S16, q, qi + 48))).reinterpretAsInts();
            IntVector p2 = w4.mul(ShortVector.fromArray(S16, q, qi + 64)).add(w5.mul(ShortVector.fromArray(S16, q, qi + 80))).reinterpretAsInts();
            IntVector p3 = w6.mul(ShortVector.fromArray(S16, q, qi + 96)).add(w7.mul(ShortVector.fromArray(S16, q, qi + 112))).reinterpretAsInts();
            // adjacent 16-bit lanes summed into 32-bit ones (exact)
            IntVector t0 = p0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p0.lanewise(VectorOperators.ASHR, 16));
            IntVector t1 = p1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p1.lanewise(VectorOperators.ASHR, 16));
            IntVector t2 = p2.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p2.lanewise(VectorOperators.ASHR, 16));
            IntVector t3 = p3.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p3.lanewise(VectorOperators.ASHR, 16));
            a0 = ((FloatVector) t0.convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, s0), a0);
            a1 = ((FloatVector) t1.convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, s1), a1);
            a2 = ((FloatVector) t2.convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, s2), a2);
            a3 = ((FloatVector) t3.convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, s3), a3);
        }
        // Lanes summed in C2's own order, written out (see F32Kernel): reduceLanes(ADD) sums differently before and after C2 compiles it.
        FloatVector s = a0.add(a1).add(a2.add(a3));
        float sum = (s.lane(0) + s.lane(4) + (s.lane(2) + s.lane(6))) + (s.lane(1) + s.lane(5) + (s.lane(3) + s.lane(7)));
        if (end < nb) sum += dotScalarBlocks(data, offset, q, d, end, nb);
        return sum;
    }

    /** Blocks {@code from .. to-1} by the scalar formula (the odd last block of the vector path). */
    private static float dotScalarBlocks(MemorySegment data, long offset, short[] q, float[] d, int from, int to) {
        float sumf = 0f;
        for (int b = from; b < to; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            int sumi = 0;
            for (int j = 0; j < 32; j++) sumi += data.get(Simd.BYTE, o + 2 + j) * q[32 * b + j];
            sumf += sumi * (f16(data, o) * d[b]);
        }
        return sumf;
    }
}
