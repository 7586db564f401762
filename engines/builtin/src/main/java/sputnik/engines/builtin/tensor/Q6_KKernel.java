package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.B16;
import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.I8;
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
 * Q6_K weights: super-blocks of 256 values, 210 bytes: 128 bytes of low nibbles ({@code ql}), 64 bytes of
 * high 2-bit pairs ({@code qh}), 16 int8 scales (one per 16 values), fp16 d last. Each half of 128 values
 * uses 64 bytes of ql and 32 of qh: value l (0..31) of its four quarters is {@code (ql[l] & 15 | (qh[l] & 3) << 4)},
 * {@code (ql[l+32] & 15 | (qh[l] >> 2 & 3) << 4)}, {@code (ql[l] >> 4 | (qh[l] >> 4 & 3) << 4)}, {@code (ql[l+32] >> 4 |
 * (qh[l] >> 6) << 4)}, each minus 32; value = d * scale * q.
 *
 * <p>Activation Q8_K ({@code ggml_vec_dot_q6_K_q8_K}). The scalar path is ggml's generic code: 8 integer
 * lanes (lane l: elements congruent to l mod 8, times their scale), {@code sums[l] += (dw * dx) * lane} per
 * super-block, then {@code sums[0] + ... + sums[7]}. The vector path forms the same integer products in 16-bit
 * lanes (|q| <= 32 times |q8| <= 127 fits) but sums adjacent elements into its 8 lanes, so the float rounding
 * differs slightly, as ggml's AVX2 code does from its generic code.
 */
final class Q6_KKernel extends TensorKernel {
    Q6_KKernel() {
        super(false); // vector kernels written for 256 bits
    }

    static final int BLOCK_BYTES = 210;

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    /** The 6-bit quant (minus 32) of element {@code e} (0..255) of the super-block at {@code o}. */
    static int quant(MemorySegment data, long o, int e) {
        int half = e / 128, within = e % 128, quarter = within / 32, l = within % 32;
        int ql = u8(data, o + 64 * half + l + (quarter % 2 == 1 ? 32 : 0));
        int qh = u8(data, o + 128 + 32 * half + l);
        int low = quarter < 2 ? ql & 0xF : ql >> 4;
        int high = (qh >> (2 * quarter)) & 3;
        return (low | high << 4) - 32;
    }

    @Override
    public void dequantize(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        for (int b = 0; b < n / 256; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            float d = f16(data, o + 208);
            for (int e = 0; e < 256; e++) out[outOffset + 256 * b + e] = d * data.get(Simd.BYTE, o + 192 + e / 16) * quant(data, o, e);
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long offset, Activation x, int n) {
        short[] q8 = x.q8k;
        float[] dx = x.q8kd;
        float[] sums = new float[8]; // the scalar reference allocates these two; the vector path allocates nothing
        int[] aux32 = new int[8];
        for (int b = 0; b < n / 256; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            java.util.Arrays.fill(aux32, 0);
            for (int e = 0; e < 256; e++) aux32[e % 8] += data.get(Simd.BYTE, o + 192 + e / 16) * (quant(data, o, e) * q8[256 * b + e]);
            float d = f16(data, o + 208) * dx[b];
            for (int l = 0; l < 8; l++) sums[l] += d * aux32[l];
        }
        float sumf = 0f;
        for (int l = 0; l < 8; l++) sumf += sums[l];
        return sumf;
    }

    /**
     * The 16 int8 scales of the super-block at {@code o}, widened into {@code sc[0..15]} so that the kernels broadcast
     * them from memory (a load, where a broadcast from a register costs two vector instructions). No vector crosses
     * the call, so C2 boxes nothing whether or not it inlines it.
     */
    static void widenScales(MemorySegment data, long o, int[] sc) {
        ByteVector scales = ByteVector.fromMemorySegment(B16, data, o + 192, LE);
        ((IntVector) scales.convertShape(VectorOperators.B2I, I8, 0)).intoArray(sc, 0);
        ((IntVector) scales.convertShape(VectorOperators.B2I, I8, 1)).intoArray(sc, 8);
    }

    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        return dotVector(data, offset, x, n, scratch());
    }

    // Written out without calls and with constant shift counts (C2 compiles variable-count 16-bit shifts and
    // vector helpers poorly). Per super-block the 16 int8 scales are widened into {@code sc} so that the loop
    // broadcasts them from memory (a load, where a broadcast from a register costs two vector instructions); then
    // one loop over the four (half, 16 of its first 32 positions l) pairs, each forming the four quarters' quants.
    @Override
    float dotVector(MemorySegment data, long offset, Activation x, int n, Scratch scratch) {
        int[] sc = scratch.ints;
        short[] q8 = x.q8k;
        float[] dx = x.q8kd;
        FloatVector sums = FloatVector.zero(F8);
        for (int b = 0; b < n / 256; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            widenScales(data, o, sc);
            IntVector acc = IntVector.zero(I8);
            for (int i = 0; i < 4; i++) {
                int h = i >> 1, part = i & 1;
                long ql = o + 64 * h + 16 * part, qh = o + 128 + 32 * h + 16 * part;
                int e = 256 * b + 128 * h + 16 * part, s = 8 * h + part;
                ShortVector a = (ShortVector) ByteVector.fromMemorySegment(B16, data, ql, LE).convertShape(VectorOperators.B2S, S16, 0);
                ShortVector c = (ShortVector) ByteVector.fromMemorySegment(B16, data, ql + 32, LE).convertShape(VectorOperators.B2S, S16, 0);
                ShortVector hb = (ShortVector) ByteVector.fromMemorySegment(B16, data, qh, LE).convertShape(VectorOperators.B2S, S16, 0);
                ShortVector q0 = a.and((short) 0xF).or(hb.and((short) 3).lanewise(VectorOperators.LSHL, 4));
                ShortVector q1 = c.and((short) 0xF).or(hb.and((short) 0xC).lanewise(VectorOperators.LSHL, 2));
                ShortVector q2 = a.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).or(hb.and((short) 0x30));
                ShortVector q3 = c.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).or(hb.lanewise(VectorOperators.ASHR, 2).and((short) 0x30));
                IntVector p0 = q0.sub((short) 32).mul(ShortVector.fromArray(S16, q8, e)).reinterpretAsInts();
                IntVector p1 = q1.sub((short) 32).mul(ShortVector.fromArray(S16, q8, e + 32)).reinterpretAsInts();
                IntVector p2 = q2.sub((short) 32).mul(ShortVector.fromArray(S16, q8, e + 64)).reinterpretAsInts();
                IntVector p3 = q3.sub((short) 32).mul(ShortVector.fromArray(S16, q8, e + 96)).reinterpretAsInts();
                // adjacent 16-bit products summed into 32-bit lanes (exact), times the scale of their 16
                acc = acc.add(p0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p0.lanewise(VectorOperators.ASHR, 16)).mul(IntVector.broadcast(I8, sc[s])))
                        .add(p1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p1.lanewise(VectorOperators.ASHR, 16)).mul(IntVector.broadcast(I8, sc[s + 2])))
                        .add(p2.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p2.lanewise(VectorOperators.ASHR, 16)).mul(IntVector.broadcast(I8, sc[s + 4])))
                        .add(p3.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p3.lanewise(VectorOperators.ASHR, 16)).mul(IntVector.broadcast(I8, sc[s + 6])));
            }
            sums = sums.add(((FloatVector) acc.convertShape(VectorOperators.I2F, F8, 0)).mul(Float.float16ToFloat(data.get(SHORT_LE, o + 208)) * dx[b]));
        }
        // Lanes summed in C2's own order, written out (see F32Kernel): reduceLanes(ADD) sums differently before and after C2 compiles it.
        FloatVector s = sums;
        return (s.lane(0) + s.lane(4) + (s.lane(2) + s.lane(6))) + (s.lane(1) + s.lane(5) + (s.lane(3) + s.lane(7)));
    }

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): per super-block the scales are widened, and per (half, part)
    // the four quarters' quants formed and the scales broadcast, once for all the tile's vectors. Each vector then
    // forms dotVector's integer sums (exact, so their order is free) and adds them to its own float sums with
    // dotVector's operations in dotVector's order: results equal to dotVector's bit for bit.
    @Override
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        int[] sc = s.ints;
        short[] x0 = xs[j].q8k;
        float[] dx0 = xs[j].q8kd;
        short[] x1 = xs[j + 1].q8k;
        float[] dx1 = xs[j + 1].q8kd;
        short[] x2 = xs[j + 2].q8k;
        float[] dx2 = xs[j + 2].q8kd;
        short[] x3 = xs[j + 3].q8k;
        float[] dx3 = xs[j + 3].q8kd;
        FloatVector sums0 = FloatVector.zero(F8), sums1 = FloatVector.zero(F8), sums2 = FloatVector.zero(F8), sums3 = FloatVector.zero(F8);
        for (int b = 0; b < n / 256; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            widenScales(data, o, sc);
            IntVector acc0 = IntVector.zero(I8), acc1 = IntVector.zero(I8), acc2 = IntVector.zero(I8), acc3 = IntVector.zero(I8);
            for (int i = 0; i < 4; i++) {
                int h = i >> 1, part = i & 1;
                long ql = o + 64 * h + 16 * part, qh = o + 128 + 32 * h + 16 * part;
                int e = 256 * b + 128 * h + 16 * part, t = 8 * h + part;
                ShortVector a = (ShortVector) ByteVector.fromMemorySegment(B16, data, ql, LE).convertShape(VectorOperators.B2S, S16, 0);
                ShortVector c = (ShortVector) ByteVector.fromMemorySegment(B16, data, ql + 32, LE).convertShape(VectorOperators.B2S, S16, 0);
                ShortVector hb = (ShortVector) ByteVector.fromMemorySegment(B16, data, qh, LE).convertShape(VectorOperators.B2S, S16, 0);
                ShortVector q0 = a.and((short) 0xF).or(hb.and((short) 3).lanewise(VectorOperators.LSHL, 4)).sub((short) 32);
                ShortVector q1 = c.and((short) 0xF).or(hb.and((short) 0xC).lanewise(VectorOperators.LSHL, 2)).sub((short) 32);
                ShortVector q2 = a.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).or(hb.and((short) 0x30)).sub((short) 32);
                ShortVector q3 = c.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).or(hb.lanewise(VectorOperators.ASHR, 2).and((short) 0x30)).sub((short) 32);
                IntVector c0 = IntVector.broadcast(I8, sc[t]), c1 = IntVector.broadcast(I8, sc[t + 2]);
                IntVector c2 = IntVector.broadcast(I8, sc[t + 4]), c3 = IntVector.broadcast(I8, sc[t + 6]);
                IntVector p00 = q0.mul(ShortVector.fromArray(S16, x0, e)).reinterpretAsInts();
                IntVector p01 = q1.mul(ShortVector.fromArray(S16, x0, e + 32)).reinterpretAsInts();
                IntVector p02 = q2.mul(ShortVector.fromArray(S16, x0, e + 64)).reinterpretAsInts();
                IntVector p03 = q3.mul(ShortVector.fromArray(S16, x0, e + 96)).reinterpretAsInts();
                acc0 = acc0.add(p00.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p00.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p01.lanewise(VectorOperators.ASHR, 16)).mul(c1))
                        .add(p02.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p02.lanewise(VectorOperators.ASHR, 16)).mul(c2))
                        .add(p03.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p03.lanewise(VectorOperators.ASHR, 16)).mul(c3));
                IntVector p10 = q0.mul(ShortVector.fromArray(S16, x1, e)).reinterpretAsInts();
                IntVector p11 = q1.mul(ShortVector.fromArray(S16, x1, e + 32)).reinterpretAsInts();
                IntVector p12 = q2.mul(ShortVector.fromArray(S16, x1, e + 64)).reinterpretAsInts();
                IntVector p13 = q3.mul(ShortVector.fromArray(S16, x1, e + 96)).reinterpretAsInts();
                acc1 = acc1.add(p10.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p10.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(p11.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p11.lanewise(VectorOperators.ASHR, 16)).mul(c1))
                        .add(p12.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p12.lanewise(VectorOperators.ASHR, 16)).mul(c2))
                        .add(p13.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p13.lanewise(VectorOperators.ASHR, 16)).mul(c3));
                IntVector p20 = q0.mul(ShortVector.fromArray(S16, x2, e)).reinterpretAsInts();
                IntVector p21 = q1.mul(ShortVector.fromArray(S16, x2, e + 32)).reinterpretAsInts();
                IntVector p22 = q2.mul(ShortVector.fromArray(S16, x2, e + 64)).reinterpretAsInts();
                IntVector p23 = q3.mul(ShortVector.fromArray(S16, x2, e + 96)).reinterpretAsInts();
                acc2 = acc2.add(p20.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p20.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(p21.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p21.lanewise(VectorOperators.ASHR, 16)).mul(c1))
                        .add(p22.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p22.lanewise(VectorOperators.ASHR, 16)).mul(c2))
                        .add(p23.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p23.lanewise(VectorOperators.ASHR, 16)).mul(c3));
                IntVector p30 = q0.mul(ShortVector.fromArray(S16, x3, e)).reinterpretAsInts();
                IntVector p31 = q1.mul(ShortVector.fromArray(S16, x3, e + 32)).reinterpretAsInts();
                IntVector p32 = q2.mul(ShortVector.fromArray(S16, x3, e + 64)).reinterpretAsInts();
                IntVector p33 = q3.mul(ShortVector.fromArray(S16, x3, e + 96)).reinterpretAsInts();
                acc3 = acc3.add(p30.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p30.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(p31.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p31.lanewise(VectorOperators.ASHR, 16)).mul(c1))
                        .add(p32.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p32.lanewise(VectorOperators.ASHR, 16)).mul(c2))
                        .add(p33.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p33.lanewise(VectorOperators.ASHR, 16)).mul(c3));
            }
            float dw = Float.float16ToFloat(data.get(SHORT_LE, o + 208));
            sums0 = sums0.add(((FloatVector) acc0.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx0[b]));
            sums1 = sums1.add(((FloatVector) acc1.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx1[b]));
            sums2 = sums2.add(((FloatVector) acc2.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx2[b]));
            sums3 = sums3.add(((FloatVector) acc3.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx3[b]));
        }
        float[] lanes = s.lanes;
        sums0.intoArray(lanes, 0);
        sums1.intoArray(lanes, 8);
        sums2.intoArray(lanes, 16);
        sums3.intoArray(lanes, 24);
        s.res[0] = sum8(lanes, 0);
        s.res[1] = sum8(lanes, 8);
        s.res[2] = sum8(lanes, 16);
        s.res[3] = sum8(lanes, 24);
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        int[] sc = s.ints;
        short[] x0 = xs[j].q8k;
        float[] dx0 = xs[j].q8kd;
        short[] x1 = xs[j + 1].q8k;
        float[] dx1 = xs[j + 1].q8kd;
        FloatVector sums0 = FloatVector.zero(F8), sums1 = FloatVector.zero(F8);
        for (int b = 0; b < n / 256; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            widenScales(data, o, sc);
            IntVector acc0 = IntVector.zero(I8), acc1 = IntVector.zero(I8);
            for (int i = 0; i < 4; i++) {
                int h = i >> 1, part = i & 1;
                long ql = o + 64 * h + 16 * part, qh = o + 128 + 32 * h + 16 * part;
                int e = 256 * b + 128 * h + 16 * part, t = 8 * h + part;
                ShortVector a = (ShortVector) ByteVector.fromMemorySegment(B16, data, ql, LE).convertShape(VectorOperators.B2S, S16, 0);
                ShortVector c = (ShortVector) ByteVector.fromMemorySegment(B16, data, ql + 32, LE).convertShape(VectorOperators.B2S, S16, 0);
                ShortVector hb = (ShortVector) ByteVector.fromMemorySegment(B16, data, qh, LE).convertShape(VectorOperators.B2S, S16, 0);
                ShortVector q0 = a.and((short) 0xF).or(hb.and((short) 3).lanewise(VectorOperators.LSHL, 4)).sub((short) 32);
                ShortVector q1 = c.and((short) 0xF).or(hb.and((short) 0xC).lanewise(VectorOperators.LSHL, 2)).sub((short) 32);
                ShortVector q2 = a.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).or(hb.and((short) 0x30)).sub((short) 32);
                ShortVector q3 = c.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).or(hb.lanewise(VectorOperators.ASHR, 2).and((short) 0x30)).sub((short) 32);
                IntVector c0 = IntVector.broadcast(I8, sc[t]), c1 = IntVector.broadcast(I8, sc[t + 2]);
                IntVector c2 = IntVector.broadcast(I8, sc[t + 4]), c3 = IntVector.broadcast(I8, sc[t + 6]);
                IntVector p00 = q0.mul(ShortVector.fromArray(S16, x0, e)).reinterpretAsInts();
                IntVector p01 = q1.mul(ShortVector.fromArray(S16, x0, e + 32)).reinterpretAsInts();
                IntVector p02 = q2.mul(ShortVector.fromArray(S16, x0, e + 64)).reinterpretAsInts();
                IntVector p03 = q3.mul(ShortVector.fromArray(S16, x0, e + 96)).reinterpretAsInts();
                acc0 = acc0.add(p00.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p00.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p01.lanewise(VectorOperators.ASHR, 16)).mul(c1))
                        .add(p02.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p02.lanewise(VectorOperators.ASHR, 16)).mul(c2))
                        .add(p03.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p03.lanewise(VectorOperators.ASHR, 16)).mul(c3));
                IntVector p10 = q0.mul(ShortVector.fromArray(S16, x1, e)).reinterpretAsInts();
                IntVector p11 = q1.mul(ShortVector.fromArray(S16, x1, e + 32)).reinterpretAsInts();
                IntVector p12 = q2.mul(ShortVector.fromArray(S16, x1, e + 64)).reinterpretAsInts();
                IntVector p13 = q3.mul(ShortVector.fromArray(S16, x1, e + 96)).reinterpretAsInts();
                acc1 = acc1.add(p10.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p10.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(p11.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p11.lanewise(VectorOperators.ASHR, 16)).mul(c1))
                        .add(p12.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p12.lanewise(VectorOperators.ASHR, 16)).mul(c2))
                        .add(p13.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(p13.lanewise(VectorOperators.ASHR, 16)).mul(c3));
            }
            float dw = Float.float16ToFloat(data.get(SHORT_LE, o + 208));
            sums0 = sums0.add(((FloatVector) acc0.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx0[b]));
            sums1 = sums1.add(((FloatVector) acc1.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx1[b]));
        }
        float[] lanes = s.lanes;
        sums0.intoArray(lanes, 0);
        sums1.intoArray(lanes, 8);
        s.res[0] = sum8(lanes, 0);
        s.res[1] = sum8(lanes, 8);
    }
}
