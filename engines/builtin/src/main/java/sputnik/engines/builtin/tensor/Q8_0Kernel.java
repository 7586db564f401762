package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.B16;
import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.S16;
import static sputnik.engines.builtin.tensor.Simd.SHORT_LE;
import static sputnik.engines.builtin.tensor.Simd.f16;
import static sputnik.engines.builtin.tensor.Simd.sum8;

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
    Q8_0Kernel() {
        super(false); // vector kernels written for 256 bits
    }

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
        short[] q0 = xs[j].q80;
        float[] d0 = xs[j].q80d;
        short[] q1 = xs[j + 1].q80;
        float[] d1 = xs[j + 1].q80d;
        short[] q2 = xs[j + 2].q80;
        float[] d2 = xs[j + 2].q80d;
        short[] q3 = xs[j + 3].q80;
        float[] d3 = xs[j + 3].q80d;
        int nb = n / 32, end = nb & ~3;
        FloatVector z = FloatVector.zero(F8);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z, a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        for (int b = 0; b < end; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            int qi = 32 * b;
            ShortVector w0 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w1 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o + 18, LE).convertShape(VectorOperators.B2S, S16, 0);
            float dw = Float.float16ToFloat(data.get(SHORT_LE, o));
            IntVector p0 = w0.mul(ShortVector.fromArray(S16, q0, qi)).add(w1.mul(ShortVector.fromArray(S16, q0, qi + 16))).reinterpretAsInts();
            FloatVector f0 = (FloatVector) p0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p0.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            FloatVector n0 = f0.fma(FloatVector.broadcast(F8, dw * d0[b]), a00);
            a00 = a01;
            a01 = a02;
            a02 = a03;
            a03 = n0;
            IntVector p1 = w0.mul(ShortVector.fromArray(S16, q1, qi)).add(w1.mul(ShortVector.fromArray(S16, q1, qi + 16))).reinterpretAsInts();
            FloatVector f1 = (FloatVector) p1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p1.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            FloatVector n1 = f1.fma(FloatVector.broadcast(F8, dw * d1[b]), a10);
            a10 = a11;
            a11 = a12;
            a12 = a13;
            a13 = n1;
            IntVector p2 = w0.mul(ShortVector.fromArray(S16, q2, qi)).add(w1.mul(ShortVector.fromArray(S16, q2, qi + 16))).reinterpretAsInts();
            FloatVector f2 = (FloatVector) p2.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p2.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            FloatVector n2 = f2.fma(FloatVector.broadcast(F8, dw * d2[b]), a20);
            a20 = a21;
            a21 = a22;
            a22 = a23;
            a23 = n2;
            IntVector p3 = w0.mul(ShortVector.fromArray(S16, q3, qi)).add(w1.mul(ShortVector.fromArray(S16, q3, qi + 16))).reinterpretAsInts();
            FloatVector f3 = (FloatVector) p3.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p3.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            FloatVector n3 = f3.fma(FloatVector.broadcast(F8, dw * d3[b]), a30);
            a30 = a31;
            a31 = a32;
            a32 = a33;
            a33 = n3;
        }
        float[] lanes = s.lanes;
        a00.add(a01).add(a02.add(a03)).intoArray(lanes, 0);
        a10.add(a11).add(a12.add(a13)).intoArray(lanes, 8);
        a20.add(a21).add(a22.add(a23)).intoArray(lanes, 16);
        a30.add(a31).add(a32.add(a33)).intoArray(lanes, 24);
        s.res[0] = end < nb ? sum8(lanes, 0) + dotScalarBlocks(data, offset, q0, d0, end, nb) : sum8(lanes, 0);
        s.res[1] = end < nb ? sum8(lanes, 8) + dotScalarBlocks(data, offset, q1, d1, end, nb) : sum8(lanes, 8);
        s.res[2] = end < nb ? sum8(lanes, 16) + dotScalarBlocks(data, offset, q2, d2, end, nb) : sum8(lanes, 16);
        s.res[3] = end < nb ? sum8(lanes, 24) + dotScalarBlocks(data, offset, q3, d3, end, nb) : sum8(lanes, 24);
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        short[] q0 = xs[j].q80;
        float[] d0 = xs[j].q80d;
        short[] q1 = xs[j + 1].q80;
        float[] d1 = xs[j + 1].q80d;
        int nb = n / 32, end = nb & ~3;
        FloatVector z = FloatVector.zero(F8);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        for (int b = 0; b < end; b += 4) {
            long o0 = offset + (long) BLOCK_BYTES * (b + 0);
            int qi0 = 32 * (b + 0);
            ShortVector w00 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o0 + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w01 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o0 + 18, LE).convertShape(VectorOperators.B2S, S16, 0);
            float dw0 = Float.float16ToFloat(data.get(SHORT_LE, o0));
            IntVector p00 = w00.mul(ShortVector.fromArray(S16, q0, qi0)).add(w01.mul(ShortVector.fromArray(S16, q0, qi0 + 16))).reinterpretAsInts();
            FloatVector f00 = (FloatVector) p00.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p00.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            a00 = f00.fma(FloatVector.broadcast(F8, dw0 * d0[b + 0]), a00);
            IntVector p10 = w00.mul(ShortVector.fromArray(S16, q1, qi0)).add(w01.mul(ShortVector.fromArray(S16, q1, qi0 + 16))).reinterpretAsInts();
            FloatVector f10 = (FloatVector) p10.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p10.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            a10 = f10.fma(FloatVector.broadcast(F8, dw0 * d1[b + 0]), a10);
            long o1 = offset + (long) BLOCK_BYTES * (b + 1);
            int qi1 = 32 * (b + 1);
            ShortVector w10 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o1 + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w11 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o1 + 18, LE).convertShape(VectorOperators.B2S, S16, 0);
            float dw1 = Float.float16ToFloat(data.get(SHORT_LE, o1));
            IntVector p01 = w10.mul(ShortVector.fromArray(S16, q0, qi1)).add(w11.mul(ShortVector.fromArray(S16, q0, qi1 + 16))).reinterpretAsInts();
            FloatVector f01 = (FloatVector) p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p01.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            a01 = f01.fma(FloatVector.broadcast(F8, dw1 * d0[b + 1]), a01);
            IntVector p11 = w10.mul(ShortVector.fromArray(S16, q1, qi1)).add(w11.mul(ShortVector.fromArray(S16, q1, qi1 + 16))).reinterpretAsInts();
            FloatVector f11 = (FloatVector) p11.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p11.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            a11 = f11.fma(FloatVector.broadcast(F8, dw1 * d1[b + 1]), a11);
            long o2 = offset + (long) BLOCK_BYTES * (b + 2);
            int qi2 = 32 * (b + 2);
            ShortVector w20 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o2 + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w21 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o2 + 18, LE).convertShape(VectorOperators.B2S, S16, 0);
            float dw2 = Float.float16ToFloat(data.get(SHORT_LE, o2));
            IntVector p02 = w20.mul(ShortVector.fromArray(S16, q0, qi2)).add(w21.mul(ShortVector.fromArray(S16, q0, qi2 + 16))).reinterpretAsInts();
            FloatVector f02 = (FloatVector) p02.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p02.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            a02 = f02.fma(FloatVector.broadcast(F8, dw2 * d0[b + 2]), a02);
            IntVector p12 = w20.mul(ShortVector.fromArray(S16, q1, qi2)).add(w21.mul(ShortVector.fromArray(S16, q1, qi2 + 16))).reinterpretAsInts();
            FloatVector f12 = (FloatVector) p12.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p12.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            a12 = f12.fma(FloatVector.broadcast(F8, dw2 * d1[b + 2]), a12);
            long o3 = offset + (long) BLOCK_BYTES * (b + 3);
            int qi3 = 32 * (b + 3);
            ShortVector w30 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o3 + 2, LE).convertShape(VectorOperators.B2S, S16, 0);
            ShortVector w31 = (ShortVector) ByteVector.fromMemorySegment(B16, data, o3 + 18, LE).convertShape(VectorOperators.B2S, S16, 0);
            float dw3 = Float.float16ToFloat(data.get(SHORT_LE, o3));
            IntVector p03 = w30.mul(ShortVector.fromArray(S16, q0, qi3)).add(w31.mul(ShortVector.fromArray(S16, q0, qi3 + 16))).reinterpretAsInts();
            FloatVector f03 = (FloatVector) p03.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p03.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            a03 = f03.fma(FloatVector.broadcast(F8, dw3 * d0[b + 3]), a03);
            IntVector p13 = w30.mul(ShortVector.fromArray(S16, q1, qi3)).add(w31.mul(ShortVector.fromArray(S16, q1, qi3 + 16))).reinterpretAsInts();
            FloatVector f13 = (FloatVector) p13.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p13.lanewise(VectorOperators.ASHR, 16))
                    .convertShape(VectorOperators.I2F, F8, 0);
            a13 = f13.fma(FloatVector.broadcast(F8, dw3 * d1[b + 3]), a13);
        }
        float[] lanes = s.lanes;
        a00.add(a01).add(a02.add(a03)).intoArray(lanes, 0);
        a10.add(a11).add(a12.add(a13)).intoArray(lanes, 8);
        s.res[0] = end < nb ? sum8(lanes, 0) + dotScalarBlocks(data, offset, q0, d0, end, nb) : sum8(lanes, 0);
        s.res[1] = end < nb ? sum8(lanes, 8) + dotScalarBlocks(data, offset, q1, d1, end, nb) : sum8(lanes, 8);
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
