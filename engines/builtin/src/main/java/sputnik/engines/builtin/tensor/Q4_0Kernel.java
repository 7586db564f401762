package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.B16;
import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.S16;
import static sputnik.engines.builtin.tensor.Simd.SHORT_LE;
import static sputnik.engines.builtin.tensor.Simd.f16;
import static sputnik.engines.builtin.tensor.Simd.u8;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * Q4_0 weights: blocks of 32 values, 18 bytes: an fp16 scale d, then 16 bytes whose low nibbles are values
 * 0..15 and high nibbles values 16..31; value = d * (nibble - 8). Activation Q8_0 ({@code
 * ggml_vec_dot_q4_0_q8_0}). Scalar: {@code sumf += sumi * dw * dx} per block, as ggml's generic code; vector:
 * as {@link Q8_0Kernel}, with the nibbles unpacked in 16-bit lanes.
 */
final class Q4_0Kernel extends TensorKernel {
    static final int BLOCK_BYTES = 18;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        for (int b = 0; b < n / 32; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            float d = f16(data, o);
            for (int j = 0; j < 16; j++) {
                int v = u8(data, o + 2 + j);
                out[outOffset + 32 * b + j] = ((v & 0xF) - 8) * d;
                out[outOffset + 32 * b + j + 16] = ((v >> 4) - 8) * d;
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long offset, Activation x, int n) {
        return dotScalarBlocks(data, offset, x.q80, x.q80d, 0, n / 32);
    }

    // Written out in full, without vector helper methods (see Q8_0Kernel).
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
            ShortVector w = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector lo = w.and((short) 0xF).sub((short) 8), hi = w.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            IntVector p = lo.mul(ShortVector.fromArray(S16, q, qi)).add(hi.mul(ShortVector.fromArray(S16, q, qi + 16))).reinterpretAsInts();
            IntVector s = p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p.lanewise(VectorOperators.ASHR, 16));
            a0 = ((FloatVector) s.convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, Float.float16ToFloat(data.get(SHORT_LE, o)) * d[b]), a0);

            long o1 = o + BLOCK_BYTES;
            ShortVector v = (ShortVector) ByteVector.fromMemorySegment(B16, data, o1 + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector lo1 = v.and((short) 0xF).sub((short) 8), hi1 = v.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            IntVector p1 = lo1.mul(ShortVector.fromArray(S16, q, qi + 32)).add(hi1.mul(ShortVector.fromArray(S16, q, qi + 48))).reinterpretAsInts();
            IntVector s1 = p1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p1.lanewise(VectorOperators.ASHR, 16));
            a1 = ((FloatVector) s1.convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, Float.float16ToFloat(data.get(SHORT_LE, o1)) * d[b + 1]), a1);
        }
        FloatVector s = a0.add(a1);
        float sum = (s.lane(0) + s.lane(4) + (s.lane(2) + s.lane(6))) + (s.lane(1) + s.lane(5) + (s.lane(3) + s.lane(7))); // fixed order: see F32Kernel
        if (b < nb) sum += dotScalarBlocks(data, offset, q, d, b, nb);
        return sum;
    }

    /** Blocks {@code from .. to-1} by the scalar formula. */
    private static float dotScalarBlocks(MemorySegment data, long offset, short[] q, float[] d, int from, int to) {
        float sumf = 0f;
        for (int b = from; b < to; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            int sumi0 = 0, sumi1 = 0;
            for (int j = 0; j < 16; j++) {
                int v = u8(data, o + 2 + j);
                sumi0 += ((v & 0xF) - 8) * q[32 * b + j];
                sumi1 += ((v >> 4) - 8) * q[32 * b + j + 16];
            }
            sumf += (sumi0 + sumi1) * f16(data, o) * d[b];
        }
        return sumf;
    }
}
