package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.B32;
import static sputnik.engines.builtin.tensor.Simd.F8;
import static sputnik.engines.builtin.tensor.Simd.I8;
import static sputnik.engines.builtin.tensor.Simd.INT_LE;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.LONG_LE;
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
 * Q4_K weights: super-blocks of 256 values, 144 bytes: fp16 d, fp16 dmin, 12 bytes packing eight 6-bit
 * scales and eight 6-bit mins (one per sub-block of 32), 128 bytes of nibbles. Each 32 bytes of nibbles hold
 * 64 values: low nibbles the first sub-block, high nibbles the next. Value = d * scale * q - dmin * min.
 *
 * <p>Activation Q8_K ({@code ggml_vec_dot_q4_K_q8_K}). The scalar path is ggml's generic code: per
 * super-block, 32-bit integer sums in 8 lanes (lane l gathers the products of elements congruent to l mod 8,
 * each times its sub-block scale), {@code sums[l] += (dw * dx) * lane}, the mins' part {@code sumf -= (dmin *
 * dx) * sum(bsums * min)}, and finally {@code sumf + sums[0] + ... + sums[7]}. The vector path computes the same
 * integer products with 16-bit multiplies (nibble times int8, and the sum of two, fit), but sums other
 * elements into each of its 8 lanes (the nibbles of adjacent bytes), so the per-lane float rounding differs
 * slightly (as ggml's AVX2 code differs from its generic code).
 */
final class Q4_KKernel extends TensorKernel {
    Q4_KKernel() {
        super(false); // vector kernels written for 256 bits
    }

    static final int BLOCK_BYTES = 144;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    /** The 6-bit scale of sub-block {@code j} (0..7) whose packed scales start at {@code s} ({@code get_scale_min_k4}). */
    static int scale(MemorySegment data, long s, int j) {
        return j < 4 ? u8(data, s + j) & 63 : (u8(data, s + j + 4) & 0xF) | ((u8(data, s + j - 4) >> 6) << 4);
    }

    /** The 6-bit min of sub-block {@code j} (0..7) whose packed scales start at {@code s}. */
    static int min(MemorySegment data, long s, int j) {
        return j < 4 ? u8(data, s + j + 4) & 63 : (u8(data, s + j + 4) >> 4) | ((u8(data, s + j) >> 6) << 4);
    }

    @Override
    public void dequantize(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        for (int b = 0; b < n / 256; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            float d = f16(data, o), dmin = f16(data, o + 2);
            int y = outOffset + 256 * b;
            for (int c = 0; c < 4; c++) {
                float d1 = d * scale(data, o + 4, 2 * c), m1 = dmin * min(data, o + 4, 2 * c);
                float d2 = d * scale(data, o + 4, 2 * c + 1), m2 = dmin * min(data, o + 4, 2 * c + 1);
                for (int l = 0; l < 32; l++) {
                    int q = u8(data, o + 16 + 32 * c + l);
                    out[y + 64 * c + l] = d1 * (q & 0xF) - m1;
                    out[y + 64 * c + 32 + l] = d2 * (q >> 4) - m2;
                }
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long offset, Activation x, int n) {
        short[] q8 = x.q8k;
        float[] dx = x.q8kd;
        int[] bsums = x.q8kBsums;
        int[] aux32 = new int[8]; // the scalar reference allocates these two; the vector path allocates nothing

        float[] sums = new float[8];
        float sumf = 0f;
        for (int b = 0; b < n / 256; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            java.util.Arrays.fill(aux32, 0);
            for (int e = 0; e < 256; e++) {
                int c = e / 64, within = e % 64;
                int byteValue = u8(data, o + 16 + 32 * c + within % 32);
                int q4 = within < 32 ? byteValue & 0xF : byteValue >> 4;
                aux32[e % 8] += scale(data, o + 4, e / 32) * (q4 * q8[256 * b + e]);
            }
            int sumi = 0;
            for (int j = 0; j < 16; j++) sumi += bsums[16 * b + j] * min(data, o + 4, j / 2);
            float d = f16(data, o) * dx[b];
            for (int l = 0; l < 8; l++) sums[l] += d * aux32[l];
            float dmin = f16(data, o + 2) * dx[b];
            sumf -= dmin * sumi;
        }
        for (int l = 0; l < 8; l++) sumf += sums[l];
        return sumf;
    }

    /**
     * The eight 6-bit scales of the super-block at {@code o} into {@code sc[0..7]} and its eight mins into {@code
     * sc[8..15]} ({@code get_scale_min_k4}): the 12 bytes read as a long and an int and taken apart with constant
     * shifts. Stored, so that the kernels broadcast the scales from memory (a load, where a broadcast from a register
     * costs two vector instructions).
     */
    static void unpackScales(MemorySegment data, long o, int[] sc) {
        long packed = data.get(LONG_LE, o + 4);
        int lo = (int) packed, mid = (int) (packed >>> 32), hi = data.get(INT_LE, o + 12);
        sc[0] = lo & 63;
        sc[1] = (lo >>> 8) & 63;
        sc[2] = (lo >>> 16) & 63;
        sc[3] = (lo >>> 24) & 63;
        sc[4] = (hi & 0xF) | ((lo >>> 2) & 0x30);
        sc[5] = ((hi >>> 8) & 0xF) | ((lo >>> 10) & 0x30);
        sc[6] = ((hi >>> 16) & 0xF) | ((lo >>> 18) & 0x30);
        sc[7] = ((hi >>> 24) & 0xF) | ((lo >>> 26) & 0x30);
        sc[8] = mid & 63;
        sc[9] = (mid >>> 8) & 63;
        sc[10] = (mid >>> 16) & 63;
        sc[11] = (mid >>> 24) & 63;
        sc[12] = ((hi >>> 4) & 0xF) | ((mid >>> 2) & 0x30);
        sc[13] = ((hi >>> 12) & 0xF) | ((mid >>> 10) & 0x30);
        sc[14] = ((hi >>> 20) & 0xF) | ((mid >>> 18) & 0x30);
        sc[15] = ((hi >>> 28) & 0xF) | ((mid >>> 26) & 0x30);
    }

    @Override
    public float dotVector(MemorySegment data, long offset, Activation x, int n) {
        return dotVector(data, offset, x, n, scratch());
    }

    // Written out without vector helpers (C2 boxes every vector live across a call it did not inline; unpackScales,
    // small and scalar, is inlined). Per super-block: the scales and mins unpacked into {@code sc}; the mins' part in
    // scalar code. Each 32 bytes of nibbles are read as 16 shorts and taken apart in their lanes (low nibble of the
    // even byte, of the odd byte; high nibble of each), which the activation's q8kv order matches: no widening
    // shuffles. The inner loop over the four 32-byte chunks
    // stays a loop (C1 runs out of registers on it unrolled, and the method then never reaches C2).
    @Override
    float dotVector(MemorySegment data, long offset, Activation x, int n, Scratch scratch) {
        int[] sc = scratch.ints;
        short[] q8 = x.q8kv;
        float[] dx = x.q8kd;
        int[] pairs = x.q8kPairs;
        FloatVector sums = FloatVector.zero(F8);
        float sumf = 0f;
        for (int b = 0; b < n / 256; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            unpackScales(data, o, sc);
            int p = 8 * b;
            int sumi = sc[8] * pairs[p] + sc[9] * pairs[p + 1] + sc[10] * pairs[p + 2] + sc[11] * pairs[p + 3] + sc[12] * pairs[p + 4]
                    + sc[13] * pairs[p + 5] + sc[14] * pairs[p + 6] + sc[15] * pairs[p + 7];
            IntVector acc = IntVector.zero(I8);
            for (int c = 0; c < 4; c++) {
                int e = 256 * b + 64 * c;
                ShortVector w = ByteVector.fromMemorySegment(B32, data, o + 16 + 32 * c, LE).reinterpretAsShorts();
                // sub-block 2c: low nibbles of the even and of the odd bytes; 2c + 1: high nibbles
                IntVector t = w.and((short) 0xF).mul(ShortVector.fromArray(S16, q8, e))
                        .add(w.lanewise(VectorOperators.LSHR, 8).and((short) 0xF).mul(ShortVector.fromArray(S16, q8, e + 16))).reinterpretAsInts();
                IntVector u = w.lanewise(VectorOperators.LSHR, 4).and((short) 0xF).mul(ShortVector.fromArray(S16, q8, e + 32))
                        .add(w.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(S16, q8, e + 48))).reinterpretAsInts();
                // adjacent 16-bit lanes summed into 32-bit ones (exact), times the sub-block's scale
                acc = acc.add(t.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t.lanewise(VectorOperators.ASHR, 16)).mul(IntVector.broadcast(I8, sc[2 * c])))
                        .add(u.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(u.lanewise(VectorOperators.ASHR, 16)).mul(IntVector.broadcast(I8, sc[2 * c + 1])));
            }
            sums = sums.add(((FloatVector) acc.convertShape(VectorOperators.I2F, F8, 0)).mul(Float.float16ToFloat(data.get(SHORT_LE, o)) * dx[b]));
            sumf -= Float.float16ToFloat(data.get(SHORT_LE, o + 2)) * dx[b] * sumi;
        }
        // Lanes summed in C2's own order, written out (see F32Kernel): reduceLanes(ADD) sums differently before and after C2 compiles it.
        FloatVector s = sums;
        return sumf + ((s.lane(0) + s.lane(4) + (s.lane(2) + s.lane(6))) + (s.lane(1) + s.lane(5) + (s.lane(3) + s.lane(7))));
    }

    // Tiles of 4 and 2 vectors (see TensorKernel#rows): per super-block the scales and mins are unpacked, and per
    // 32 bytes the nibbles taken apart and the scales broadcast, once for all the tile's vectors. Each vector then
    // forms dotVector's integer sums (exact, so their order is free) and adds them to its own float sums with
    // dotVector's operations in dotVector's order: results equal to dotVector's bit for bit.
    @Override
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        int[] sc = s.ints;
        short[] q0 = xs[j].q8kv;
        float[] dx0 = xs[j].q8kd;
        int[] pairs0 = xs[j].q8kPairs;
        short[] q1 = xs[j + 1].q8kv;
        float[] dx1 = xs[j + 1].q8kd;
        int[] pairs1 = xs[j + 1].q8kPairs;
        short[] q2 = xs[j + 2].q8kv;
        float[] dx2 = xs[j + 2].q8kd;
        int[] pairs2 = xs[j + 2].q8kPairs;
        short[] q3 = xs[j + 3].q8kv;
        float[] dx3 = xs[j + 3].q8kd;
        int[] pairs3 = xs[j + 3].q8kPairs;
        FloatVector sums0 = FloatVector.zero(F8), sums1 = FloatVector.zero(F8), sums2 = FloatVector.zero(F8), sums3 = FloatVector.zero(F8);
        float sumf0 = 0f, sumf1 = 0f, sumf2 = 0f, sumf3 = 0f;
        for (int b = 0; b < n / 256; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            unpackScales(data, o, sc);
            int p = 8 * b;
            int sumi0 = sc[8] * pairs0[p] + sc[9] * pairs0[p + 1] + sc[10] * pairs0[p + 2] + sc[11] * pairs0[p + 3] + sc[12] * pairs0[p + 4] + sc[13] * pairs0[p + 5] + sc[14] * pairs0[p + 6] + sc[15] * pairs0[p + 7];
            int sumi1 = sc[8] * pairs1[p] + sc[9] * pairs1[p + 1] + sc[10] * pairs1[p + 2] + sc[11] * pairs1[p + 3] + sc[12] * pairs1[p + 4] + sc[13] * pairs1[p + 5] + sc[14] * pairs1[p + 6] + sc[15] * pairs1[p + 7];
            int sumi2 = sc[8] * pairs2[p] + sc[9] * pairs2[p + 1] + sc[10] * pairs2[p + 2] + sc[11] * pairs2[p + 3] + sc[12] * pairs2[p + 4] + sc[13] * pairs2[p + 5] + sc[14] * pairs2[p + 6] + sc[15] * pairs2[p + 7];
            int sumi3 = sc[8] * pairs3[p] + sc[9] * pairs3[p + 1] + sc[10] * pairs3[p + 2] + sc[11] * pairs3[p + 3] + sc[12] * pairs3[p + 4] + sc[13] * pairs3[p + 5] + sc[14] * pairs3[p + 6] + sc[15] * pairs3[p + 7];
            IntVector acc0 = IntVector.zero(I8), acc1 = IntVector.zero(I8), acc2 = IntVector.zero(I8), acc3 = IntVector.zero(I8);
            for (int c = 0; c < 4; c++) {
                int e = 256 * b + 64 * c;
                ShortVector w = ByteVector.fromMemorySegment(B32, data, o + 16 + 32 * c, LE).reinterpretAsShorts();
                ShortVector n0 = w.and((short) 0xF), n1 = w.lanewise(VectorOperators.LSHR, 8).and((short) 0xF);
                ShortVector n2 = w.lanewise(VectorOperators.LSHR, 4).and((short) 0xF), n3 = w.lanewise(VectorOperators.LSHR, 12);
                IntVector c0 = IntVector.broadcast(I8, sc[2 * c]), c1 = IntVector.broadcast(I8, sc[2 * c + 1]);
                IntVector t0 = n0.mul(ShortVector.fromArray(S16, q0, e)).add(n1.mul(ShortVector.fromArray(S16, q0, e + 16))).reinterpretAsInts();
                IntVector u0 = n2.mul(ShortVector.fromArray(S16, q0, e + 32)).add(n3.mul(ShortVector.fromArray(S16, q0, e + 48))).reinterpretAsInts();
                acc0 = acc0.add(t0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t0.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(u0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(u0.lanewise(VectorOperators.ASHR, 16)).mul(c1));
                IntVector t1 = n0.mul(ShortVector.fromArray(S16, q1, e)).add(n1.mul(ShortVector.fromArray(S16, q1, e + 16))).reinterpretAsInts();
                IntVector u1 = n2.mul(ShortVector.fromArray(S16, q1, e + 32)).add(n3.mul(ShortVector.fromArray(S16, q1, e + 48))).reinterpretAsInts();
                acc1 = acc1.add(t1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t1.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(u1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(u1.lanewise(VectorOperators.ASHR, 16)).mul(c1));
                IntVector t2 = n0.mul(ShortVector.fromArray(S16, q2, e)).add(n1.mul(ShortVector.fromArray(S16, q2, e + 16))).reinterpretAsInts();
                IntVector u2 = n2.mul(ShortVector.fromArray(S16, q2, e + 32)).add(n3.mul(ShortVector.fromArray(S16, q2, e + 48))).reinterpretAsInts();
                acc2 = acc2.add(t2.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t2.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(u2.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(u2.lanewise(VectorOperators.ASHR, 16)).mul(c1));
                IntVector t3 = n0.mul(ShortVector.fromArray(S16, q3, e)).add(n1.mul(ShortVector.fromArray(S16, q3, e + 16))).reinterpretAsInts();
                IntVector u3 = n2.mul(ShortVector.fromArray(S16, q3, e + 32)).add(n3.mul(ShortVector.fromArray(S16, q3, e + 48))).reinterpretAsInts();
                acc3 = acc3.add(t3.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t3.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(u3.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(u3.lanewise(VectorOperators.ASHR, 16)).mul(c1));
            }
            float dw = Float.float16ToFloat(data.get(SHORT_LE, o)), dmin = Float.float16ToFloat(data.get(SHORT_LE, o + 2));
            sums0 = sums0.add(((FloatVector) acc0.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx0[b]));
            sumf0 -= dmin * dx0[b] * sumi0;
            sums1 = sums1.add(((FloatVector) acc1.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx1[b]));
            sumf1 -= dmin * dx1[b] * sumi1;
            sums2 = sums2.add(((FloatVector) acc2.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx2[b]));
            sumf2 -= dmin * dx2[b] * sumi2;
            sums3 = sums3.add(((FloatVector) acc3.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx3[b]));
            sumf3 -= dmin * dx3[b] * sumi3;
        }
        float[] lanes = s.lanes;
        sums0.intoArray(lanes, 0);
        sums1.intoArray(lanes, 8);
        sums2.intoArray(lanes, 16);
        sums3.intoArray(lanes, 24);
        s.res[0] = sumf0 + sum8(lanes, 0);
        s.res[1] = sumf1 + sum8(lanes, 8);
        s.res[2] = sumf2 + sum8(lanes, 16);
        s.res[3] = sumf3 + sum8(lanes, 24);
    }

    @Override
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        int[] sc = s.ints;
        short[] q0 = xs[j].q8kv;
        float[] dx0 = xs[j].q8kd;
        int[] pairs0 = xs[j].q8kPairs;
        short[] q1 = xs[j + 1].q8kv;
        float[] dx1 = xs[j + 1].q8kd;
        int[] pairs1 = xs[j + 1].q8kPairs;
        FloatVector sums0 = FloatVector.zero(F8), sums1 = FloatVector.zero(F8);
        float sumf0 = 0f, sumf1 = 0f;
        for (int b = 0; b < n / 256; b++) {
            long o = offset + (long) BLOCK_BYTES * b;
            unpackScales(data, o, sc);
            int p = 8 * b;
            int sumi0 = sc[8] * pairs0[p] + sc[9] * pairs0[p + 1] + sc[10] * pairs0[p + 2] + sc[11] * pairs0[p + 3] + sc[12] * pairs0[p + 4] + sc[13] * pairs0[p + 5] + sc[14] * pairs0[p + 6] + sc[15] * pairs0[p + 7];
            int sumi1 = sc[8] * pairs1[p] + sc[9] * pairs1[p + 1] + sc[10] * pairs1[p + 2] + sc[11] * pairs1[p + 3] + sc[12] * pairs1[p + 4] + sc[13] * pairs1[p + 5] + sc[14] * pairs1[p + 6] + sc[15] * pairs1[p + 7];
            IntVector acc0 = IntVector.zero(I8), acc1 = IntVector.zero(I8);
            for (int c = 0; c < 4; c++) {
                int e = 256 * b + 64 * c;
                ShortVector w = ByteVector.fromMemorySegment(B32, data, o + 16 + 32 * c, LE).reinterpretAsShorts();
                ShortVector n0 = w.and((short) 0xF), n1 = w.lanewise(VectorOperators.LSHR, 8).and((short) 0xF);
                ShortVector n2 = w.lanewise(VectorOperators.LSHR, 4).and((short) 0xF), n3 = w.lanewise(VectorOperators.LSHR, 12);
                IntVector c0 = IntVector.broadcast(I8, sc[2 * c]), c1 = IntVector.broadcast(I8, sc[2 * c + 1]);
                IntVector t0 = n0.mul(ShortVector.fromArray(S16, q0, e)).add(n1.mul(ShortVector.fromArray(S16, q0, e + 16))).reinterpretAsInts();
                IntVector u0 = n2.mul(ShortVector.fromArray(S16, q0, e + 32)).add(n3.mul(ShortVector.fromArray(S16, q0, e + 48))).reinterpretAsInts();
                acc0 = acc0.add(t0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t0.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(u0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(u0.lanewise(VectorOperators.ASHR, 16)).mul(c1));
                IntVector t1 = n0.mul(ShortVector.fromArray(S16, q1, e)).add(n1.mul(ShortVector.fromArray(S16, q1, e + 16))).reinterpretAsInts();
                IntVector u1 = n2.mul(ShortVector.fromArray(S16, q1, e + 32)).add(n3.mul(ShortVector.fromArray(S16, q1, e + 48))).reinterpretAsInts();
                acc1 = acc1.add(t1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(t1.lanewise(VectorOperators.ASHR, 16)).mul(c0))
                        .add(u1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(u1.lanewise(VectorOperators.ASHR, 16)).mul(c1));
            }
            float dw = Float.float16ToFloat(data.get(SHORT_LE, o)), dmin = Float.float16ToFloat(data.get(SHORT_LE, o + 2));
            sums0 = sums0.add(((FloatVector) acc0.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx0[b]));
            sumf0 -= dmin * dx0[b] * sumi0;
            sums1 = sums1.add(((FloatVector) acc1.convertShape(VectorOperators.I2F, F8, 0)).mul(dw * dx1[b]));
            sumf1 -= dmin * dx1[b] * sumi1;
        }
        float[] lanes = s.lanes;
        sums0.intoArray(lanes, 0);
        sums1.intoArray(lanes, 8);
        s.res[0] = sumf0 + sum8(lanes, 0);
        s.res[1] = sumf1 + sum8(lanes, 8);
    }
}
