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
 * summed into 32-bit lanes, converted to float and accumulated with one FMA per block in 8 float lanes, as
 * ggml's AVX2 code does.
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

    // The hot loops are written out in full, without helper methods: C2 compiles a vector helper called from a
    // loop on its own first, then refuses to inline it (too large), and every vector crossing the call is boxed.
    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        short[] q = x.q80;
        float[] d = x.q80d;
        int nb = n / 32;
        FloatVector a0 = FloatVector.zero(F8), a1 = a0;
        int b = 0;
        for (; b + 1 < nb; b += 2) {
            long o = offset + (long) BLOCK_BYTES * b;
            int qi = 32 * b;
            ShortVector w0 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w1 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 18, LE).convertShape(VectorOperators.B2S, S16, 0);
            IntVector p = w0.mul(ShortVector.fromArray(S16, q, qi)).add(w1.mul(ShortVector.fromArray(S16, q, qi + 16))).reinterpretAsInts();
            IntVector s = p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p.lanewise(VectorOperators.ASHR, 16));
            a0 = ((FloatVector) s.convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, Float.float16ToFloat(data.get(SHORT_LE, o)) * d[b]), a0);

            long o1 = o + BLOCK_BYTES;
            ShortVector v0 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o1 + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector v1 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o1 + 18, LE).convertShape(VectorOperators.B2S, S16, 0);
            IntVector p1 = v0.mul(ShortVector.fromArray(S16, q, qi + 32)).add(v1.mul(ShortVector.fromArray(S16, q, qi + 48))).reinterpretAsInts();
            IntVector s1 = p1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p1.lanewise(VectorOperators.ASHR, 16));
            a1 = ((FloatVector) s1.convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, Float.float16ToFloat(data.get(SHORT_LE, o1)) * d[b + 1]), a1);
        }
        float sum = a0.add(a1).reduceLanes(VectorOperators.ADD);
        if (b < nb) sum += dotScalarBlocks(data, offset, q, d, b, nb);
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
