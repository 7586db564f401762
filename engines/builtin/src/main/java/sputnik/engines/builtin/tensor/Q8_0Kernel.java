package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.BH;
import static sputnik.engines.builtin.tensor.Simd.F;
import static sputnik.engines.builtin.tensor.Simd.L;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.S;
import static sputnik.engines.builtin.tensor.Simd.SHORT_LE;
import static sputnik.engines.builtin.tensor.Simd.f16;
import static sputnik.engines.builtin.tensor.Simd.sumLanes;

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
 * both fp16 scales. Scalar: {@code sumf += sumi * (dw * dx)} block by block, as ggml's generic code; vector (at the
 * width {@link Kernels} sets): int8 quants widened to 16-bit lanes, multiplied (|q| <= 127, so a product and the sum of
 * two fit), pairs summed into 32-bit lanes, converted to float and accumulated with one FMA per block (four
 * accumulators, for blocks 0, 1, 2, 3 mod 4, added at the end), as ggml's AVX2 code does.
 */
final class Q8_0Kernel extends TensorKernel {
    Q8_0Kernel() {
        super(true); // vector kernels for any width
    }

    /** Quants a vector of the generic width holds as 16-bit lanes (8, 16, 32), and such vectors a block takes (4, 2, 1). */
    private static final int SL = Simd.S.length(), P = 32 / SL;

    static final int BLOCK_BYTES = 34;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        dequantize(data, offset, BLOCK_BYTES, out, outOffset, n);
    }

    /** {@link #dequantize} of a row whose blocks are {@code stride} bytes apart ({@link Interleaved}: 4 rows interleaved). */
    static void dequantize(MemorySegment data, long offset, long stride, float[] out, int outOffset, int n) {
        for (int b = 0; b < n / 32; b++) {
            long o = offset + stride * b;
            float d = f16(data, o);
            for (int j = 0; j < 32; j++) out[outOffset + 32 * b + j] = data.get(Simd.BYTE, o + 2 + j) * d;
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long offset, Activation x, int n) {
        return dotScalarBlocks(data, offset, BLOCK_BYTES, x.q80, x.q80d, 0, n / 32);
    }

    // Width-generic (Kernels sets the width): a block's 32 quants are P = 32 / SL vectors of SL 16-bit lanes (P = 4, 2, 1
    // at 128, 256, 512 bits); the products of two of them, summed in 16-bit lanes (|q| <= 127, so a product and the sum
    // of two fit), have their adjacent lanes summed into L 32-bit lanes (exact); at 128 bits two such halves are added.
    // The branches on P are constant (static final), so C2 compiles only the one for its width. At 256 bits this is
    // the fixed 256-bit kernel it replaced, operation for operation.
    //
    // The hot loop is written out in full, without helper methods: C2 compiles a vector helper called from a loop
    // on its own first, then refuses to inline it (too large), and every vector crossing the call is boxed. Four
    // blocks an iteration, their loads issued first (more independent work in flight per iteration than two
    // blocks: measured 15-40% faster on Zen 3), four accumulators; lanes summed in Simd.sumLanes' fixed order.
    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        return dotVector(data, offset, x, n, scratch());
    }

    @Override
    float dotVector(MemorySegment data, long offset, Activation x, int n, Scratch scratch) {
        return dotVector(data, offset, BLOCK_BYTES, x, n, scratch);
    }

    /** {@link #dotVector} of a row whose blocks are {@code stride} bytes apart (34 as GGUF stores them; 136 {@link Interleaved}). */
    static float dotVector(MemorySegment data, long offset, long stride, Activation x, int n, Scratch scratch) {
        short[] q = x.q80;
        float[] d = x.q80d;
        int nb = n / 32, end = nb & ~3;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < end; b += 4) {
            long o = offset + stride * b;
            int qi = 32 * b;
            ShortVector u00 = (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector u01 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : u00;
            ShortVector u02 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : u00;
            ShortVector u03 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : u00;
            ShortVector u10 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + stride) + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector u11 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + stride) + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : u10;
            ShortVector u12 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + stride) + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : u10;
            ShortVector u13 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + stride) + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : u10;
            ShortVector u20 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 2 * stride) + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector u21 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 2 * stride) + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : u20;
            ShortVector u22 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 2 * stride) + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : u20;
            ShortVector u23 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 2 * stride) + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : u20;
            ShortVector u30 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 3 * stride) + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector u31 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 3 * stride) + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : u30;
            ShortVector u32 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 3 * stride) + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : u30;
            ShortVector u33 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 3 * stride) + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : u30;
            float s0 = Float.float16ToFloat(data.get(SHORT_LE, o)) * d[b];
            float s1 = Float.float16ToFloat(data.get(SHORT_LE, o + stride)) * d[b + 1];
            float s2 = Float.float16ToFloat(data.get(SHORT_LE, o + 2 * stride)) * d[b + 2];
            float s3 = Float.float16ToFloat(data.get(SHORT_LE, o + 3 * stride)) * d[b + 3];
            IntVector t0p = (P == 1 ? u00.mul(ShortVector.fromArray(S, q, qi)) : u00.mul(ShortVector.fromArray(S, q, qi)).add(u01.mul(ShortVector.fromArray(S, q, qi + SL)))).reinterpretAsInts();
            IntVector t0 = t0p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t0p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t0r = u02.mul(ShortVector.fromArray(S, q, qi + 2 * SL)).add(u03.mul(ShortVector.fromArray(S, q, qi + 3 * SL))).reinterpretAsInts();
                t0 = t0.add(t0r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t0r.lanewise(VectorOperators.ASHR, 16)));
            }
            IntVector t1p = (P == 1 ? u10.mul(ShortVector.fromArray(S, q, qi + 32)) : u10.mul(ShortVector.fromArray(S, q, qi + 32)).add(u11.mul(ShortVector.fromArray(S, q, qi + 32 + SL)))).reinterpretAsInts();
            IntVector t1 = t1p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t1p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t1r = u12.mul(ShortVector.fromArray(S, q, qi + 32 + 2 * SL)).add(u13.mul(ShortVector.fromArray(S, q, qi + 32 + 3 * SL))).reinterpretAsInts();
                t1 = t1.add(t1r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t1r.lanewise(VectorOperators.ASHR, 16)));
            }
            IntVector t2p = (P == 1 ? u20.mul(ShortVector.fromArray(S, q, qi + 64)) : u20.mul(ShortVector.fromArray(S, q, qi + 64)).add(u21.mul(ShortVector.fromArray(S, q, qi + 64 + SL)))).reinterpretAsInts();
            IntVector t2 = t2p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t2p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t2r = u22.mul(ShortVector.fromArray(S, q, qi + 64 + 2 * SL)).add(u23.mul(ShortVector.fromArray(S, q, qi + 64 + 3 * SL))).reinterpretAsInts();
                t2 = t2.add(t2r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t2r.lanewise(VectorOperators.ASHR, 16)));
            }
            IntVector t3p = (P == 1 ? u30.mul(ShortVector.fromArray(S, q, qi + 96)) : u30.mul(ShortVector.fromArray(S, q, qi + 96)).add(u31.mul(ShortVector.fromArray(S, q, qi + 96 + SL)))).reinterpretAsInts();
            IntVector t3 = t3p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t3p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t3r = u32.mul(ShortVector.fromArray(S, q, qi + 96 + 2 * SL)).add(u33.mul(ShortVector.fromArray(S, q, qi + 96 + 3 * SL))).reinterpretAsInts();
                t3 = t3.add(t3r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t3r.lanewise(VectorOperators.ASHR, 16)));
            }
            a0 = ((FloatVector) t0.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, s0), a0);
            a1 = ((FloatVector) t1.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, s1), a1);
            a2 = ((FloatVector) t2.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, s2), a2);
            a3 = ((FloatVector) t3.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, s3), a3);
        }
        a0.add(a1).add(a2.add(a3)).intoArray(scratch.lanes, 0);
        float sum = sumLanes(scratch.lanes, 0);
        if (end < nb) sum += dotScalarBlocks(data, offset, stride, q, d, end, nb);
        return sum;
    }

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): each block's weights are loaded and widened once, then
    // multiplied with every vector's quants. Each vector keeps the four accumulators of dotVector above (blocks 0, 1,
    // 2, 3 mod 4) and adds each block to the same one with the same FMA, so every accumulator sums the same terms
    // in the same order, and the end is summed as there: the results equal dotVector's bit for bit. Measured on Zen 4
    // with the matrix in L2 (one thread): 14.8 G multiply-adds/s a vector alone, 19 with tiles of 2, 21 with tiles
    // of 4. The tile of 4 goes one block an iteration and rotates each vector's accumulators one place a block (after
    // four blocks every accumulator is back in its place), which measured faster than four blocks an iteration (16
    // accumulators and 8 weight vectors then spill); the tile of 2 takes four blocks an iteration as dotVector does.
    // The activation's quants are read as 16-bit lanes as in dotVector: widening the weights to float instead and
    // multiplying in float lanes (exact: integers below 2^24) cost the single-vector kernel 40% and gained the tiles
    // nothing.
    @Override
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        dotVector4(data, offset, BLOCK_BYTES, xs, j, n, s);
    }

    /** {@link #dotVector4} of a row whose blocks are {@code stride} bytes apart. */
    static void dotVector4(MemorySegment data, long offset, long stride, Activation[] xs, int j, int n, Scratch s) {
        short[] q0 = xs[j + 0].q80;
        float[] d0 = xs[j + 0].q80d;
        short[] q1 = xs[j + 1].q80;
        float[] d1 = xs[j + 1].q80d;
        short[] q2 = xs[j + 2].q80;
        float[] d2 = xs[j + 2].q80d;
        short[] q3 = xs[j + 3].q80;
        float[] d3 = xs[j + 3].q80d;
        int nb = n / 32, end = nb & ~3;
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z, a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        for (int b = 0; b < end; b++) {
            long o = offset + stride * b;
            int qi = 32 * b;
            ShortVector w0 = (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector w1 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : w0;
            ShortVector w2 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : w0;
            ShortVector w3 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : w0;
            float dw = Float.float16ToFloat(data.get(SHORT_LE, o));
            IntVector t0p = (P == 1 ? w0.mul(ShortVector.fromArray(S, q0, qi)) : w0.mul(ShortVector.fromArray(S, q0, qi)).add(w1.mul(ShortVector.fromArray(S, q0, qi + SL)))).reinterpretAsInts();
            IntVector t0 = t0p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t0p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t0r = w2.mul(ShortVector.fromArray(S, q0, qi + 2 * SL)).add(w3.mul(ShortVector.fromArray(S, q0, qi + 3 * SL))).reinterpretAsInts();
                t0 = t0.add(t0r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t0r.lanewise(VectorOperators.ASHR, 16)));
            }
            FloatVector n0 = ((FloatVector) t0.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw * d0[b]), a00);
            a00 = a01;
            a01 = a02;
            a02 = a03;
            a03 = n0;
            IntVector t1p = (P == 1 ? w0.mul(ShortVector.fromArray(S, q1, qi)) : w0.mul(ShortVector.fromArray(S, q1, qi)).add(w1.mul(ShortVector.fromArray(S, q1, qi + SL)))).reinterpretAsInts();
            IntVector t1 = t1p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t1p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t1r = w2.mul(ShortVector.fromArray(S, q1, qi + 2 * SL)).add(w3.mul(ShortVector.fromArray(S, q1, qi + 3 * SL))).reinterpretAsInts();
                t1 = t1.add(t1r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t1r.lanewise(VectorOperators.ASHR, 16)));
            }
            FloatVector n1 = ((FloatVector) t1.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw * d1[b]), a10);
            a10 = a11;
            a11 = a12;
            a12 = a13;
            a13 = n1;
            IntVector t2p = (P == 1 ? w0.mul(ShortVector.fromArray(S, q2, qi)) : w0.mul(ShortVector.fromArray(S, q2, qi)).add(w1.mul(ShortVector.fromArray(S, q2, qi + SL)))).reinterpretAsInts();
            IntVector t2 = t2p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t2p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t2r = w2.mul(ShortVector.fromArray(S, q2, qi + 2 * SL)).add(w3.mul(ShortVector.fromArray(S, q2, qi + 3 * SL))).reinterpretAsInts();
                t2 = t2.add(t2r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t2r.lanewise(VectorOperators.ASHR, 16)));
            }
            FloatVector n2 = ((FloatVector) t2.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw * d2[b]), a20);
            a20 = a21;
            a21 = a22;
            a22 = a23;
            a23 = n2;
            IntVector t3p = (P == 1 ? w0.mul(ShortVector.fromArray(S, q3, qi)) : w0.mul(ShortVector.fromArray(S, q3, qi)).add(w1.mul(ShortVector.fromArray(S, q3, qi + SL)))).reinterpretAsInts();
            IntVector t3 = t3p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t3p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t3r = w2.mul(ShortVector.fromArray(S, q3, qi + 2 * SL)).add(w3.mul(ShortVector.fromArray(S, q3, qi + 3 * SL))).reinterpretAsInts();
                t3 = t3.add(t3r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t3r.lanewise(VectorOperators.ASHR, 16)));
            }
            FloatVector n3 = ((FloatVector) t3.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw * d3[b]), a30);
            a30 = a31;
            a31 = a32;
            a32 = a33;
            a33 = n3;
        }
        float[] lanes = s.lanes;
        a00.add(a01).add(a02.add(a03)).intoArray(lanes, 0 * L);
        a10.add(a11).add(a12.add(a13)).intoArray(lanes, 1 * L);
        a20.add(a21).add(a22.add(a23)).intoArray(lanes, 2 * L);
        a30.add(a31).add(a32.add(a33)).intoArray(lanes, 3 * L);
        s.res[0] = end < nb ? sumLanes(lanes, 0 * L) + dotScalarBlocks(data, offset, stride, q0, d0, end, nb) : sumLanes(lanes, 0 * L);
        s.res[1] = end < nb ? sumLanes(lanes, 1 * L) + dotScalarBlocks(data, offset, stride, q1, d1, end, nb) : sumLanes(lanes, 1 * L);
        s.res[2] = end < nb ? sumLanes(lanes, 2 * L) + dotScalarBlocks(data, offset, stride, q2, d2, end, nb) : sumLanes(lanes, 2 * L);
        s.res[3] = end < nb ? sumLanes(lanes, 3 * L) + dotScalarBlocks(data, offset, stride, q3, d3, end, nb) : sumLanes(lanes, 3 * L);
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        dotVector2(data, offset, BLOCK_BYTES, xs, j, n, s);
    }

    /** {@link #dotVector2} of a row whose blocks are {@code stride} bytes apart. */
    static void dotVector2(MemorySegment data, long offset, long stride, Activation[] xs, int j, int n, Scratch s) {
        short[] q0 = xs[j + 0].q80;
        float[] d0 = xs[j + 0].q80d;
        short[] q1 = xs[j + 1].q80;
        float[] d1 = xs[j + 1].q80d;
        int nb = n / 32, end = nb & ~3;
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        for (int b = 0; b < end; b += 4) {
            long o0 = offset + stride * (b + 0);
            int qi0 = 32 * (b + 0);
            ShortVector w00 = (ShortVector) ByteVector.fromMemorySegment(BH, data, o0 + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector w01 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o0 + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : w00;
            ShortVector w02 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o0 + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : w00;
            ShortVector w03 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o0 + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : w00;
            float dw0 = Float.float16ToFloat(data.get(SHORT_LE, o0));
            IntVector t00p = (P == 1 ? w00.mul(ShortVector.fromArray(S, q0, qi0)) : w00.mul(ShortVector.fromArray(S, q0, qi0)).add(w01.mul(ShortVector.fromArray(S, q0, qi0 + SL)))).reinterpretAsInts();
            IntVector t00 = t00p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t00p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t00r = w02.mul(ShortVector.fromArray(S, q0, qi0 + 2 * SL)).add(w03.mul(ShortVector.fromArray(S, q0, qi0 + 3 * SL))).reinterpretAsInts();
                t00 = t00.add(t00r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t00r.lanewise(VectorOperators.ASHR, 16)));
            }
            a00 = ((FloatVector) t00.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw0 * d0[b + 0]), a00);
            IntVector t10p = (P == 1 ? w00.mul(ShortVector.fromArray(S, q1, qi0)) : w00.mul(ShortVector.fromArray(S, q1, qi0)).add(w01.mul(ShortVector.fromArray(S, q1, qi0 + SL)))).reinterpretAsInts();
            IntVector t10 = t10p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t10p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t10r = w02.mul(ShortVector.fromArray(S, q1, qi0 + 2 * SL)).add(w03.mul(ShortVector.fromArray(S, q1, qi0 + 3 * SL))).reinterpretAsInts();
                t10 = t10.add(t10r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t10r.lanewise(VectorOperators.ASHR, 16)));
            }
            a10 = ((FloatVector) t10.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw0 * d1[b + 0]), a10);
            long o1 = offset + stride * (b + 1);
            int qi1 = 32 * (b + 1);
            ShortVector w10 = (ShortVector) ByteVector.fromMemorySegment(BH, data, o1 + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector w11 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o1 + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : w10;
            ShortVector w12 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o1 + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : w10;
            ShortVector w13 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o1 + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : w10;
            float dw1 = Float.float16ToFloat(data.get(SHORT_LE, o1));
            IntVector t01p = (P == 1 ? w10.mul(ShortVector.fromArray(S, q0, qi1)) : w10.mul(ShortVector.fromArray(S, q0, qi1)).add(w11.mul(ShortVector.fromArray(S, q0, qi1 + SL)))).reinterpretAsInts();
            IntVector t01 = t01p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t01p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t01r = w12.mul(ShortVector.fromArray(S, q0, qi1 + 2 * SL)).add(w13.mul(ShortVector.fromArray(S, q0, qi1 + 3 * SL))).reinterpretAsInts();
                t01 = t01.add(t01r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t01r.lanewise(VectorOperators.ASHR, 16)));
            }
            a01 = ((FloatVector) t01.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw1 * d0[b + 1]), a01);
            IntVector t11p = (P == 1 ? w10.mul(ShortVector.fromArray(S, q1, qi1)) : w10.mul(ShortVector.fromArray(S, q1, qi1)).add(w11.mul(ShortVector.fromArray(S, q1, qi1 + SL)))).reinterpretAsInts();
            IntVector t11 = t11p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t11p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t11r = w12.mul(ShortVector.fromArray(S, q1, qi1 + 2 * SL)).add(w13.mul(ShortVector.fromArray(S, q1, qi1 + 3 * SL))).reinterpretAsInts();
                t11 = t11.add(t11r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t11r.lanewise(VectorOperators.ASHR, 16)));
            }
            a11 = ((FloatVector) t11.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw1 * d1[b + 1]), a11);
            long o2 = offset + stride * (b + 2);
            int qi2 = 32 * (b + 2);
            ShortVector w20 = (ShortVector) ByteVector.fromMemorySegment(BH, data, o2 + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector w21 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o2 + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : w20;
            ShortVector w22 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o2 + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : w20;
            ShortVector w23 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o2 + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : w20;
            float dw2 = Float.float16ToFloat(data.get(SHORT_LE, o2));
            IntVector t02p = (P == 1 ? w20.mul(ShortVector.fromArray(S, q0, qi2)) : w20.mul(ShortVector.fromArray(S, q0, qi2)).add(w21.mul(ShortVector.fromArray(S, q0, qi2 + SL)))).reinterpretAsInts();
            IntVector t02 = t02p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t02p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t02r = w22.mul(ShortVector.fromArray(S, q0, qi2 + 2 * SL)).add(w23.mul(ShortVector.fromArray(S, q0, qi2 + 3 * SL))).reinterpretAsInts();
                t02 = t02.add(t02r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t02r.lanewise(VectorOperators.ASHR, 16)));
            }
            a02 = ((FloatVector) t02.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw2 * d0[b + 2]), a02);
            IntVector t12p = (P == 1 ? w20.mul(ShortVector.fromArray(S, q1, qi2)) : w20.mul(ShortVector.fromArray(S, q1, qi2)).add(w21.mul(ShortVector.fromArray(S, q1, qi2 + SL)))).reinterpretAsInts();
            IntVector t12 = t12p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t12p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t12r = w22.mul(ShortVector.fromArray(S, q1, qi2 + 2 * SL)).add(w23.mul(ShortVector.fromArray(S, q1, qi2 + 3 * SL))).reinterpretAsInts();
                t12 = t12.add(t12r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t12r.lanewise(VectorOperators.ASHR, 16)));
            }
            a12 = ((FloatVector) t12.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw2 * d1[b + 2]), a12);
            long o3 = offset + stride * (b + 3);
            int qi3 = 32 * (b + 3);
            ShortVector w30 = (ShortVector) ByteVector.fromMemorySegment(BH, data, o3 + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector w31 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o3 + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : w30;
            ShortVector w32 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o3 + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : w30;
            ShortVector w33 = P > 2 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o3 + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0) : w30;
            float dw3 = Float.float16ToFloat(data.get(SHORT_LE, o3));
            IntVector t03p = (P == 1 ? w30.mul(ShortVector.fromArray(S, q0, qi3)) : w30.mul(ShortVector.fromArray(S, q0, qi3)).add(w31.mul(ShortVector.fromArray(S, q0, qi3 + SL)))).reinterpretAsInts();
            IntVector t03 = t03p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t03p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t03r = w32.mul(ShortVector.fromArray(S, q0, qi3 + 2 * SL)).add(w33.mul(ShortVector.fromArray(S, q0, qi3 + 3 * SL))).reinterpretAsInts();
                t03 = t03.add(t03r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t03r.lanewise(VectorOperators.ASHR, 16)));
            }
            a03 = ((FloatVector) t03.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw3 * d0[b + 3]), a03);
            IntVector t13p = (P == 1 ? w30.mul(ShortVector.fromArray(S, q1, qi3)) : w30.mul(ShortVector.fromArray(S, q1, qi3)).add(w31.mul(ShortVector.fromArray(S, q1, qi3 + SL)))).reinterpretAsInts();
            IntVector t13 = t13p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t13p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                IntVector t13r = w32.mul(ShortVector.fromArray(S, q1, qi3 + 2 * SL)).add(w33.mul(ShortVector.fromArray(S, q1, qi3 + 3 * SL))).reinterpretAsInts();
                t13 = t13.add(t13r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t13r.lanewise(VectorOperators.ASHR, 16)));
            }
            a13 = ((FloatVector) t13.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, dw3 * d1[b + 3]), a13);
        }
        float[] lanes = s.lanes;
        a00.add(a01).add(a02.add(a03)).intoArray(lanes, 0 * L);
        a10.add(a11).add(a12.add(a13)).intoArray(lanes, 1 * L);
        s.res[0] = end < nb ? sumLanes(lanes, 0 * L) + dotScalarBlocks(data, offset, stride, q0, d0, end, nb) : sumLanes(lanes, 0 * L);
        s.res[1] = end < nb ? sumLanes(lanes, 1 * L) + dotScalarBlocks(data, offset, stride, q1, d1, end, nb) : sumLanes(lanes, 1 * L);
    }

    /**
     * The four rows of one group of a matrix {@link Interleaved} (block b of rows 0, 1, 2, 3 side by side, 136 bytes)
     * times one vector: {@code s.res[j] = dotVector(row j)}, bit for bit. The group is one sequential stream of
     * memory, where four rows read from their row-major places are four streams that the prefetcher follows less well,
     * and each block of the activation is loaded once for the four rows. Each row keeps dotVector's four accumulators
     * (blocks 0, 1, 2, 3 mod 4), rotated one place a block as in {@link #dotVector4}.
     */
    static void dotRows4(MemorySegment data, long offset, Activation x, int n, Scratch s) {
        short[] q = x.q80;
        float[] d = x.q80d;
        int nb = n / 32, end = nb & ~3;
        long stride = Interleaved.ROWS * BLOCK_BYTES;
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z, a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        for (int b = 0; b < end; b++) {
            long o = offset + stride * b;
            int qi = 32 * b;
            float db = d[b];
            ShortVector x0 = ShortVector.fromArray(S, q, qi);
            ShortVector x1 = P > 1 ? ShortVector.fromArray(S, q, qi + SL) : x0;
            ShortVector x2 = P > 2 ? ShortVector.fromArray(S, q, qi + 2 * SL) : x0;
            ShortVector x3 = P > 2 ? ShortVector.fromArray(S, q, qi + 3 * SL) : x0;
            ShortVector w00 = (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector w01 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : w00;
            IntVector t0p = (P == 1 ? w00.mul(x0) : w00.mul(x0).add(w01.mul(x1))).reinterpretAsInts();
            IntVector t0 = t0p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t0p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                ShortVector w02 = (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0);
                ShortVector w03 = (ShortVector) ByteVector.fromMemorySegment(BH, data, o + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0);
                IntVector t0r = w02.mul(x2).add(w03.mul(x3)).reinterpretAsInts();
                t0 = t0.add(t0r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t0r.lanewise(VectorOperators.ASHR, 16)));
            }
            FloatVector n0 = ((FloatVector) t0.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, Float.float16ToFloat(data.get(SHORT_LE, o)) * db), a00);
            a00 = a01;
            a01 = a02;
            a02 = a03;
            a03 = n0;
            ShortVector w10 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 34) + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector w11 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 34) + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : w10;
            IntVector t1p = (P == 1 ? w10.mul(x0) : w10.mul(x0).add(w11.mul(x1))).reinterpretAsInts();
            IntVector t1 = t1p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t1p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                ShortVector w12 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 34) + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0);
                ShortVector w13 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 34) + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0);
                IntVector t1r = w12.mul(x2).add(w13.mul(x3)).reinterpretAsInts();
                t1 = t1.add(t1r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t1r.lanewise(VectorOperators.ASHR, 16)));
            }
            FloatVector n1 = ((FloatVector) t1.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, Float.float16ToFloat(data.get(SHORT_LE, (o + 34))) * db), a10);
            a10 = a11;
            a11 = a12;
            a12 = a13;
            a13 = n1;
            ShortVector w20 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 68) + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector w21 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 68) + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : w20;
            IntVector t2p = (P == 1 ? w20.mul(x0) : w20.mul(x0).add(w21.mul(x1))).reinterpretAsInts();
            IntVector t2 = t2p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t2p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                ShortVector w22 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 68) + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0);
                ShortVector w23 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 68) + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0);
                IntVector t2r = w22.mul(x2).add(w23.mul(x3)).reinterpretAsInts();
                t2 = t2.add(t2r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t2r.lanewise(VectorOperators.ASHR, 16)));
            }
            FloatVector n2 = ((FloatVector) t2.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, Float.float16ToFloat(data.get(SHORT_LE, (o + 68))) * db), a20);
            a20 = a21;
            a21 = a22;
            a22 = a23;
            a23 = n2;
            ShortVector w30 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 102) + 2, LE).convertShape(VectorOperators.B2S, S, 0);
            ShortVector w31 = P > 1 ? (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 102) + 2 + SL, LE).convertShape(VectorOperators.B2S, S, 0) : w30;
            IntVector t3p = (P == 1 ? w30.mul(x0) : w30.mul(x0).add(w31.mul(x1))).reinterpretAsInts();
            IntVector t3 = t3p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t3p.lanewise(VectorOperators.ASHR, 16));
            if (P == 4) {
                ShortVector w32 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 102) + 2 + 2 * SL, LE).convertShape(VectorOperators.B2S, S, 0);
                ShortVector w33 = (ShortVector) ByteVector.fromMemorySegment(BH, data, (o + 102) + 2 + 3 * SL, LE).convertShape(VectorOperators.B2S, S, 0);
                IntVector t3r = w32.mul(x2).add(w33.mul(x3)).reinterpretAsInts();
                t3 = t3.add(t3r.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t3r.lanewise(VectorOperators.ASHR, 16)));
            }
            FloatVector n3 = ((FloatVector) t3.convertShape(VectorOperators.I2F, F, 0)).fma(FloatVector.broadcast(F, Float.float16ToFloat(data.get(SHORT_LE, (o + 102))) * db), a30);
            a30 = a31;
            a31 = a32;
            a32 = a33;
            a33 = n3;
        }
        float[] lanes = s.lanes;
        a00.add(a01).add(a02.add(a03)).intoArray(lanes, 0 * L);
        a10.add(a11).add(a12.add(a13)).intoArray(lanes, 1 * L);
        a20.add(a21).add(a22.add(a23)).intoArray(lanes, 2 * L);
        a30.add(a31).add(a32.add(a33)).intoArray(lanes, 3 * L);
        for (int j = 0; j < 4; j++) {
            float sum = sumLanes(lanes, j * L);
            s.res[j] = end < nb ? sum + dotScalarBlocks(data, offset + (long) BLOCK_BYTES * j, stride, q, d, end, nb) : sum;
        }
    }

    /** Blocks {@code from .. to-1} by the scalar formula (the odd last block of the vector path). */
    static float dotScalarBlocks(MemorySegment data, long offset, long stride, short[] q, float[] d, int from, int to) {
        float sumf = 0f;
        for (int b = from; b < to; b++) {
            long o = offset + stride * b;
            int sumi = 0;
            for (int j = 0; j < 32; j++) sumi += data.get(Simd.BYTE, o + 2 + j) * q[32 * b + j];
            sumf += sumi * (f16(data, o) * d[b]);
        }
        return sumf;
    }
}
