package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.B16;
import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.S16;
import static sputnik.engines.builtin.tensor.Simd.SHORT_LE;
import static sputnik.engines.builtin.tensor.Simd.f16;
import static sputnik.engines.builtin.tensor.Simd.sum8;
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
    Q4_0Kernel() {
        super(false); // vector kernels written for 256 bits
    }

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

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): each block's nibbles are unpacked once for all the tile's
    // vectors; each vector keeps dotVector's two accumulators (even and odd blocks) and adds each block with the same
    // FMA in the same order: results equal to dotVector's bit for bit.
    @Override
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        short[] q0 = xs[j].q80;
        float[] d0 = xs[j].q80d;
        short[] q1 = xs[j + 1].q80;
        float[] d1 = xs[j + 1].q80d;
        short[] q2 = xs[j + 2].q80;
        float[] d2 = xs[j + 2].q80d;
        short[] q3 = xs[j + 3].q80;
        float[] d3 = xs[j + 3].q80d;
        int nb = n / 32, b = 0;
        FloatVector z = FloatVector.zero(F8);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        for (; b + 1 < nb; b += 2) {
            int qi = 32 * b;
            long o0 = offset + (long) BLOCK_BYTES * (b + 0);
            ShortVector w0 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o0 + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector lo0 = w0.and((short) 0xF).sub((short) 8), hi0 = w0.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            float dw0 = Float.float16ToFloat(data.get(SHORT_LE, o0));
            IntVector p00 = lo0.mul(ShortVector.fromArray(S16, q0, qi + 0)).add(hi0.mul(ShortVector.fromArray(S16, q0, qi + 16))).reinterpretAsInts();
            a00 = ((FloatVector) p00.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p00.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw0 * d0[b + 0]), a00);
            IntVector p10 = lo0.mul(ShortVector.fromArray(S16, q1, qi + 0)).add(hi0.mul(ShortVector.fromArray(S16, q1, qi + 16))).reinterpretAsInts();
            a10 = ((FloatVector) p10.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p10.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw0 * d1[b + 0]), a10);
            IntVector p20 = lo0.mul(ShortVector.fromArray(S16, q2, qi + 0)).add(hi0.mul(ShortVector.fromArray(S16, q2, qi + 16))).reinterpretAsInts();
            a20 = ((FloatVector) p20.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p20.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw0 * d2[b + 0]), a20);
            IntVector p30 = lo0.mul(ShortVector.fromArray(S16, q3, qi + 0)).add(hi0.mul(ShortVector.fromArray(S16, q3, qi + 16))).reinterpretAsInts();
            a30 = ((FloatVector) p30.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p30.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw0 * d3[b + 0]), a30);
            long o1 = offset + (long) BLOCK_BYTES * (b + 1);
            ShortVector w1 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o1 + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector lo1 = w1.and((short) 0xF).sub((short) 8), hi1 = w1.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            float dw1 = Float.float16ToFloat(data.get(SHORT_LE, o1));
            IntVector p01 = lo1.mul(ShortVector.fromArray(S16, q0, qi + 32)).add(hi1.mul(ShortVector.fromArray(S16, q0, qi + 48))).reinterpretAsInts();
            a01 = ((FloatVector) p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p01.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw1 * d0[b + 1]), a01);
            IntVector p11 = lo1.mul(ShortVector.fromArray(S16, q1, qi + 32)).add(hi1.mul(ShortVector.fromArray(S16, q1, qi + 48))).reinterpretAsInts();
            a11 = ((FloatVector) p11.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p11.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw1 * d1[b + 1]), a11);
            IntVector p21 = lo1.mul(ShortVector.fromArray(S16, q2, qi + 32)).add(hi1.mul(ShortVector.fromArray(S16, q2, qi + 48))).reinterpretAsInts();
            a21 = ((FloatVector) p21.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p21.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw1 * d2[b + 1]), a21);
            IntVector p31 = lo1.mul(ShortVector.fromArray(S16, q3, qi + 32)).add(hi1.mul(ShortVector.fromArray(S16, q3, qi + 48))).reinterpretAsInts();
            a31 = ((FloatVector) p31.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p31.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw1 * d3[b + 1]), a31);
        }
        float[] lanes = s.lanes;
        a00.add(a01).intoArray(lanes, 0);
        a10.add(a11).intoArray(lanes, 8);
        a20.add(a21).intoArray(lanes, 16);
        a30.add(a31).intoArray(lanes, 24);
        s.res[0] = b < nb ? sum8(lanes, 0) + dotScalarBlocks(data, offset, q0, d0, b, nb) : sum8(lanes, 0);
        s.res[1] = b < nb ? sum8(lanes, 8) + dotScalarBlocks(data, offset, q1, d1, b, nb) : sum8(lanes, 8);
        s.res[2] = b < nb ? sum8(lanes, 16) + dotScalarBlocks(data, offset, q2, d2, b, nb) : sum8(lanes, 16);
        s.res[3] = b < nb ? sum8(lanes, 24) + dotScalarBlocks(data, offset, q3, d3, b, nb) : sum8(lanes, 24);
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        short[] q0 = xs[j].q80;
        float[] d0 = xs[j].q80d;
        short[] q1 = xs[j + 1].q80;
        float[] d1 = xs[j + 1].q80d;
        int nb = n / 32, b = 0;
        FloatVector z = FloatVector.zero(F8);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z;
        for (; b + 1 < nb; b += 2) {
            int qi = 32 * b;
            long o0 = offset + (long) BLOCK_BYTES * (b + 0);
            ShortVector w0 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o0 + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector lo0 = w0.and((short) 0xF).sub((short) 8), hi0 = w0.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            float dw0 = Float.float16ToFloat(data.get(SHORT_LE, o0));
            IntVector p00 = lo0.mul(ShortVector.fromArray(S16, q0, qi + 0)).add(hi0.mul(ShortVector.fromArray(S16, q0, qi + 16))).reinterpretAsInts();
            a00 = ((FloatVector) p00.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p00.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw0 * d0[b + 0]), a00);
            IntVector p10 = lo0.mul(ShortVector.fromArray(S16, q1, qi + 0)).add(hi0.mul(ShortVector.fromArray(S16, q1, qi + 16))).reinterpretAsInts();
            a10 = ((FloatVector) p10.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p10.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw0 * d1[b + 0]), a10);
            long o1 = offset + (long) BLOCK_BYTES * (b + 1);
            ShortVector w1 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o1 + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector lo1 = w1.and((short) 0xF).sub((short) 8), hi1 = w1.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            float dw1 = Float.float16ToFloat(data.get(SHORT_LE, o1));
            IntVector p01 = lo1.mul(ShortVector.fromArray(S16, q0, qi + 32)).add(hi1.mul(ShortVector.fromArray(S16, q0, qi + 48))).reinterpretAsInts();
            a01 = ((FloatVector) p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p01.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw1 * d0[b + 1]), a01);
            IntVector p11 = lo1.mul(ShortVector.fromArray(S16, q1, qi + 32)).add(hi1.mul(ShortVector.fromArray(S16, q1, qi + 48))).reinterpretAsInts();
            a11 = ((FloatVector) p11.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p11.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0)).fma(FloatVector.broadcast(F8, dw1 * d1[b + 1]), a11);
        }
        float[] lanes = s.lanes;
        a00.add(a01).intoArray(lanes, 0);
        a10.add(a11).intoArray(lanes, 8);
        s.res[0] = b < nb ? sum8(lanes, 0) + dotScalarBlocks(data, offset, q0, d0, b, nb) : sum8(lanes, 0);
        s.res[1] = b < nb ? sum8(lanes, 8) + dotScalarBlocks(data, offset, q1, d1, b, nb) : sum8(lanes, 8);
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
