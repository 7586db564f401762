package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.QBH;
import static sputnik.engines.builtin.tensor.Simd.QF;
import static sputnik.engines.builtin.tensor.Simd.QL;
import static sputnik.engines.builtin.tensor.Simd.QS;
import static sputnik.engines.builtin.tensor.Simd.SHORT_LE;
import static sputnik.engines.builtin.tensor.Simd.f16;
import static sputnik.engines.builtin.tensor.Simd.sumLanes;
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
 * as {@link Q8_0Kernel}, with the nibbles unpacked in 16-bit lanes, at 256 or 128 bits (see dotVector).
 */
final class Q4_0Kernel extends TensorKernel {
    Q4_0Kernel() {
        super(true); // vector kernels for any width (at most 256 bits: see dotVector)
    }

    /** Nibble bytes a vector of Simd.QS shorts holds (16 at 256 bits, 8 at 128), and such vectors a block takes (1, 2). */
    private static final int SL = Simd.QS.length(), P = 16 / SL;

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

    // At the width of Simd.QF: 256 bits (also where the generic width is 512: 16 bytes of nibbles fill 16 shorts, and
    // a 512-bit version would need the nibbles of two blocks in one vector), or 128. A block's 16 bytes are P = 16 / SL
    // vectors of SL 16-bit lanes (P = 1 at 256 bits, 2 at 128): low nibbles are values 0..15 and high ones 16..31, each
    // minus 8; their products with the activation's quants (|q| <= 127, so two of them summed fit 16 bits) have their
    // adjacent lanes summed into 32-bit ones (exact). The branches on P are constant, so C2 compiles only its width's
    // path; at 256 bits this is the fixed 256-bit kernel it replaced, operation for operation. Two blocks an iteration,
    // two accumulators (even and odd blocks), lanes summed in Simd.sumLanes' fixed order; written out in full, without
    // vector helper methods (see Q8_0Kernel).
    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        return dotVector(data, offset, x, n, scratch());
    }

    @Override
    float dotVector(MemorySegment data, long offset, Activation x, int n, Scratch s) {
        short[] q0 = x.q80;
        float[] d0 = x.q80d;
        int nb = n / 32, b = 0;
        FloatVector z = FloatVector.zero(QF);
        FloatVector a00 = z, a01 = z;
        for (; b + 1 < nb; b += 2) {
            int qi = 32 * b;
            long o0 = offset + (long) BLOCK_BYTES * (b + 0);
            ShortVector b0w0 = (ShortVector) ByteVector.fromMemorySegment(QBH, data, o0 + 2, LE).convertShape(VectorOperators.B2S, QS, 0);
            ShortVector b0w1 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(QBH, data, o0 + 2 + SL, LE).convertShape(VectorOperators.B2S, QS, 0) : b0w0;
            ShortVector b0lo0 = b0w0.and((short) 0xF).sub((short) 8), b0hi0 = b0w0.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            ShortVector b0lo1 = b0w1.and((short) 0xF).sub((short) 8), b0hi1 = b0w1.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            float dw0 = Float.float16ToFloat(data.get(SHORT_LE, o0));
            IntVector t00p = b0lo0.mul(ShortVector.fromArray(QS, q0, qi)).add(b0hi0.mul(ShortVector.fromArray(QS, q0, qi + 16))).reinterpretAsInts();
            IntVector t00 = t00p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t00p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t00r = b0lo1.mul(ShortVector.fromArray(QS, q0, qi + SL)).add(b0hi1.mul(ShortVector.fromArray(QS, q0, qi + 16 + SL))).reinterpretAsInts();
                t00 = t00.add(t00r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t00r.lanewise(VectorOperators.ASHR, 16)));
            }
            a00 = ((FloatVector) t00.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw0 * d0[b + 0]), a00);
            long o1 = offset + (long) BLOCK_BYTES * (b + 1);
            ShortVector b1w0 = (ShortVector) ByteVector.fromMemorySegment(QBH, data, o1 + 2, LE).convertShape(VectorOperators.B2S, QS, 0);
            ShortVector b1w1 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(QBH, data, o1 + 2 + SL, LE).convertShape(VectorOperators.B2S, QS, 0) : b1w0;
            ShortVector b1lo0 = b1w0.and((short) 0xF).sub((short) 8), b1hi0 = b1w0.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            ShortVector b1lo1 = b1w1.and((short) 0xF).sub((short) 8), b1hi1 = b1w1.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            float dw1 = Float.float16ToFloat(data.get(SHORT_LE, o1));
            IntVector t01p = b1lo0.mul(ShortVector.fromArray(QS, q0, qi + 32)).add(b1hi0.mul(ShortVector.fromArray(QS, q0, qi + 32 + 16))).reinterpretAsInts();
            IntVector t01 = t01p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t01p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t01r = b1lo1.mul(ShortVector.fromArray(QS, q0, qi + 32 + SL)).add(b1hi1.mul(ShortVector.fromArray(QS, q0, qi + 32 + 16 + SL))).reinterpretAsInts();
                t01 = t01.add(t01r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t01r.lanewise(VectorOperators.ASHR, 16)));
            }
            a01 = ((FloatVector) t01.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw1 * d0[b + 1]), a01);
        }
        float[] lanes = s.lanes;
        a00.add(a01).intoArray(lanes, 0 * QL);
        return b < nb ? sumLanes(lanes, 0, QL) + dotScalarBlocks(data, offset, q0, d0, b, nb) : sumLanes(lanes, 0, QL);
    }

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): each block's nibbles are unpacked once for all the tile's
    // vectors; each vector keeps dotVector's two accumulators (even and odd blocks) and adds each block with the same
    // FMA in the same order: results equal to dotVector's bit for bit.
    @Override
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        short[] q0 = xs[j + 0].q80;
        float[] d0 = xs[j + 0].q80d;
        short[] q1 = xs[j + 1].q80;
        float[] d1 = xs[j + 1].q80d;
        short[] q2 = xs[j + 2].q80;
        float[] d2 = xs[j + 2].q80d;
        short[] q3 = xs[j + 3].q80;
        float[] d3 = xs[j + 3].q80d;
        int nb = n / 32, b = 0;
        FloatVector z = FloatVector.zero(QF);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        for (; b + 1 < nb; b += 2) {
            int qi = 32 * b;
            long o0 = offset + (long) BLOCK_BYTES * (b + 0);
            ShortVector b0w0 = (ShortVector) ByteVector.fromMemorySegment(QBH, data, o0 + 2, LE).convertShape(VectorOperators.B2S, QS, 0);
            ShortVector b0w1 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(QBH, data, o0 + 2 + SL, LE).convertShape(VectorOperators.B2S, QS, 0) : b0w0;
            ShortVector b0lo0 = b0w0.and((short) 0xF).sub((short) 8), b0hi0 = b0w0.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            ShortVector b0lo1 = b0w1.and((short) 0xF).sub((short) 8), b0hi1 = b0w1.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            float dw0 = Float.float16ToFloat(data.get(SHORT_LE, o0));
            IntVector t00p = b0lo0.mul(ShortVector.fromArray(QS, q0, qi)).add(b0hi0.mul(ShortVector.fromArray(QS, q0, qi + 16))).reinterpretAsInts();
            IntVector t00 = t00p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t00p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t00r = b0lo1.mul(ShortVector.fromArray(QS, q0, qi + SL)).add(b0hi1.mul(ShortVector.fromArray(QS, q0, qi + 16 + SL))).reinterpretAsInts();
                t00 = t00.add(t00r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t00r.lanewise(VectorOperators.ASHR, 16)));
            }
            a00 = ((FloatVector) t00.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw0 * d0[b + 0]), a00);
            IntVector t10p = b0lo0.mul(ShortVector.fromArray(QS, q1, qi)).add(b0hi0.mul(ShortVector.fromArray(QS, q1, qi + 16))).reinterpretAsInts();
            IntVector t10 = t10p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t10p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t10r = b0lo1.mul(ShortVector.fromArray(QS, q1, qi + SL)).add(b0hi1.mul(ShortVector.fromArray(QS, q1, qi + 16 + SL))).reinterpretAsInts();
                t10 = t10.add(t10r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t10r.lanewise(VectorOperators.ASHR, 16)));
            }
            a10 = ((FloatVector) t10.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw0 * d1[b + 0]), a10);
            IntVector t20p = b0lo0.mul(ShortVector.fromArray(QS, q2, qi)).add(b0hi0.mul(ShortVector.fromArray(QS, q2, qi + 16))).reinterpretAsInts();
            IntVector t20 = t20p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t20p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t20r = b0lo1.mul(ShortVector.fromArray(QS, q2, qi + SL)).add(b0hi1.mul(ShortVector.fromArray(QS, q2, qi + 16 + SL))).reinterpretAsInts();
                t20 = t20.add(t20r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t20r.lanewise(VectorOperators.ASHR, 16)));
            }
            a20 = ((FloatVector) t20.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw0 * d2[b + 0]), a20);
            IntVector t30p = b0lo0.mul(ShortVector.fromArray(QS, q3, qi)).add(b0hi0.mul(ShortVector.fromArray(QS, q3, qi + 16))).reinterpretAsInts();
            IntVector t30 = t30p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t30p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t30r = b0lo1.mul(ShortVector.fromArray(QS, q3, qi + SL)).add(b0hi1.mul(ShortVector.fromArray(QS, q3, qi + 16 + SL))).reinterpretAsInts();
                t30 = t30.add(t30r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t30r.lanewise(VectorOperators.ASHR, 16)));
            }
            a30 = ((FloatVector) t30.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw0 * d3[b + 0]), a30);
            long o1 = offset + (long) BLOCK_BYTES * (b + 1);
            ShortVector b1w0 = (ShortVector) ByteVector.fromMemorySegment(QBH, data, o1 + 2, LE).convertShape(VectorOperators.B2S, QS, 0);
            ShortVector b1w1 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(QBH, data, o1 + 2 + SL, LE).convertShape(VectorOperators.B2S, QS, 0) : b1w0;
            ShortVector b1lo0 = b1w0.and((short) 0xF).sub((short) 8), b1hi0 = b1w0.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            ShortVector b1lo1 = b1w1.and((short) 0xF).sub((short) 8), b1hi1 = b1w1.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            float dw1 = Float.float16ToFloat(data.get(SHORT_LE, o1));
            IntVector t01p = b1lo0.mul(ShortVector.fromArray(QS, q0, qi + 32)).add(b1hi0.mul(ShortVector.fromArray(QS, q0, qi + 32 + 16))).reinterpretAsInts();
            IntVector t01 = t01p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t01p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t01r = b1lo1.mul(ShortVector.fromArray(QS, q0, qi + 32 + SL)).add(b1hi1.mul(ShortVector.fromArray(QS, q0, qi + 32 + 16 + SL))).reinterpretAsInts();
                t01 = t01.add(t01r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t01r.lanewise(VectorOperators.ASHR, 16)));
            }
            a01 = ((FloatVector) t01.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw1 * d0[b + 1]), a01);
            IntVector t11p = b1lo0.mul(ShortVector.fromArray(QS, q1, qi + 32)).add(b1hi0.mul(ShortVector.fromArray(QS, q1, qi + 32 + 16))).reinterpretAsInts();
            IntVector t11 = t11p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t11p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t11r = b1lo1.mul(ShortVector.fromArray(QS, q1, qi + 32 + SL)).add(b1hi1.mul(ShortVector.fromArray(QS, q1, qi + 32 + 16 + SL))).reinterpretAsInts();
                t11 = t11.add(t11r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t11r.lanewise(VectorOperators.ASHR, 16)));
            }
            a11 = ((FloatVector) t11.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw1 * d1[b + 1]), a11);
            IntVector t21p = b1lo0.mul(ShortVector.fromArray(QS, q2, qi + 32)).add(b1hi0.mul(ShortVector.fromArray(QS, q2, qi + 32 + 16))).reinterpretAsInts();
            IntVector t21 = t21p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t21p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t21r = b1lo1.mul(ShortVector.fromArray(QS, q2, qi + 32 + SL)).add(b1hi1.mul(ShortVector.fromArray(QS, q2, qi + 32 + 16 + SL))).reinterpretAsInts();
                t21 = t21.add(t21r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t21r.lanewise(VectorOperators.ASHR, 16)));
            }
            a21 = ((FloatVector) t21.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw1 * d2[b + 1]), a21);
            IntVector t31p = b1lo0.mul(ShortVector.fromArray(QS, q3, qi + 32)).add(b1hi0.mul(ShortVector.fromArray(QS, q3, qi + 32 + 16))).reinterpretAsInts();
            IntVector t31 = t31p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t31p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t31r = b1lo1.mul(ShortVector.fromArray(QS, q3, qi + 32 + SL)).add(b1hi1.mul(ShortVector.fromArray(QS, q3, qi + 32 + 16 + SL))).reinterpretAsInts();
                t31 = t31.add(t31r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t31r.lanewise(VectorOperators.ASHR, 16)));
            }
            a31 = ((FloatVector) t31.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw1 * d3[b + 1]), a31);
        }
        float[] lanes = s.lanes;
        a00.add(a01).intoArray(lanes, 0 * QL);
        a10.add(a11).intoArray(lanes, 1 * QL);
        a20.add(a21).intoArray(lanes, 2 * QL);
        a30.add(a31).intoArray(lanes, 3 * QL);
        s.res[0] = b < nb ? sumLanes(lanes, 0 * QL, QL) + dotScalarBlocks(data, offset, q0, d0, b, nb) : sumLanes(lanes, 0 * QL, QL);
        s.res[1] = b < nb ? sumLanes(lanes, 1 * QL, QL) + dotScalarBlocks(data, offset, q1, d1, b, nb) : sumLanes(lanes, 1 * QL, QL);
        s.res[2] = b < nb ? sumLanes(lanes, 2 * QL, QL) + dotScalarBlocks(data, offset, q2, d2, b, nb) : sumLanes(lanes, 2 * QL, QL);
        s.res[3] = b < nb ? sumLanes(lanes, 3 * QL, QL) + dotScalarBlocks(data, offset, q3, d3, b, nb) : sumLanes(lanes, 3 * QL, QL);
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        short[] q0 = xs[j + 0].q80;
        float[] d0 = xs[j + 0].q80d;
        short[] q1 = xs[j + 1].q80;
        float[] d1 = xs[j + 1].q80d;
        int nb = n / 32, b = 0;
        FloatVector z = FloatVector.zero(QF);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z;
        for (; b + 1 < nb; b += 2) {
            int qi = 32 * b;
            long o0 = offset + (long) BLOCK_BYTES * (b + 0);
            ShortVector b0w0 = (ShortVector) ByteVector.fromMemorySegment(QBH, data, o0 + 2, LE).convertShape(VectorOperators.B2S, QS, 0);
            ShortVector b0w1 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(QBH, data, o0 + 2 + SL, LE).convertShape(VectorOperators.B2S, QS, 0) : b0w0;
            ShortVector b0lo0 = b0w0.and((short) 0xF).sub((short) 8), b0hi0 = b0w0.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            ShortVector b0lo1 = b0w1.and((short) 0xF).sub((short) 8), b0hi1 = b0w1.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            float dw0 = Float.float16ToFloat(data.get(SHORT_LE, o0));
            IntVector t00p = b0lo0.mul(ShortVector.fromArray(QS, q0, qi)).add(b0hi0.mul(ShortVector.fromArray(QS, q0, qi + 16))).reinterpretAsInts();
            IntVector t00 = t00p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t00p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t00r = b0lo1.mul(ShortVector.fromArray(QS, q0, qi + SL)).add(b0hi1.mul(ShortVector.fromArray(QS, q0, qi + 16 + SL))).reinterpretAsInts();
                t00 = t00.add(t00r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t00r.lanewise(VectorOperators.ASHR, 16)));
            }
            a00 = ((FloatVector) t00.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw0 * d0[b + 0]), a00);
            IntVector t10p = b0lo0.mul(ShortVector.fromArray(QS, q1, qi)).add(b0hi0.mul(ShortVector.fromArray(QS, q1, qi + 16))).reinterpretAsInts();
            IntVector t10 = t10p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t10p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t10r = b0lo1.mul(ShortVector.fromArray(QS, q1, qi + SL)).add(b0hi1.mul(ShortVector.fromArray(QS, q1, qi + 16 + SL))).reinterpretAsInts();
                t10 = t10.add(t10r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t10r.lanewise(VectorOperators.ASHR, 16)));
            }
            a10 = ((FloatVector) t10.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw0 * d1[b + 0]), a10);
            long o1 = offset + (long) BLOCK_BYTES * (b + 1);
            ShortVector b1w0 = (ShortVector) ByteVector.fromMemorySegment(QBH, data, o1 + 2, LE).convertShape(VectorOperators.B2S, QS, 0);
            ShortVector b1w1 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(QBH, data, o1 + 2 + SL, LE).convertShape(VectorOperators.B2S, QS, 0) : b1w0;
            ShortVector b1lo0 = b1w0.and((short) 0xF).sub((short) 8), b1hi0 = b1w0.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            ShortVector b1lo1 = b1w1.and((short) 0xF).sub((short) 8), b1hi1 = b1w1.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).sub((short) 8);
            float dw1 = Float.float16ToFloat(data.get(SHORT_LE, o1));
            IntVector t01p = b1lo0.mul(ShortVector.fromArray(QS, q0, qi + 32)).add(b1hi0.mul(ShortVector.fromArray(QS, q0, qi + 32 + 16))).reinterpretAsInts();
            IntVector t01 = t01p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t01p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t01r = b1lo1.mul(ShortVector.fromArray(QS, q0, qi + 32 + SL)).add(b1hi1.mul(ShortVector.fromArray(QS, q0, qi + 32 + 16 + SL))).reinterpretAsInts();
                t01 = t01.add(t01r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t01r.lanewise(VectorOperators.ASHR, 16)));
            }
            a01 = ((FloatVector) t01.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw1 * d0[b + 1]), a01);
            IntVector t11p = b1lo0.mul(ShortVector.fromArray(QS, q1, qi + 32)).add(b1hi0.mul(ShortVector.fromArray(QS, q1, qi + 32 + 16))).reinterpretAsInts();
            IntVector t11 = t11p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t11p.lanewise(VectorOperators.ASHR, 16));
            if (P == 2) {
                IntVector t11r = b1lo1.mul(ShortVector.fromArray(QS, q1, qi + 32 + SL)).add(b1hi1.mul(ShortVector.fromArray(QS, q1, qi + 32 + 16 + SL))).reinterpretAsInts();
                t11 = t11.add(t11r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t11r.lanewise(VectorOperators.ASHR, 16)));
            }
            a11 = ((FloatVector) t11.convertShape(VectorOperators.I2F, QF, 0)).fma(FloatVector.broadcast(QF, dw1 * d1[b + 1]), a11);
        }
        float[] lanes = s.lanes;
        a00.add(a01).intoArray(lanes, 0 * QL);
        a10.add(a11).intoArray(lanes, 1 * QL);
        s.res[0] = b < nb ? sumLanes(lanes, 0 * QL, QL) + dotScalarBlocks(data, offset, q0, d0, b, nb) : sumLanes(lanes, 0 * QL, QL);
        s.res[1] = b < nb ? sumLanes(lanes, 1 * QL, QL) + dotScalarBlocks(data, offset, q1, d1, b, nb) : sumLanes(lanes, 1 * QL, QL);
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
