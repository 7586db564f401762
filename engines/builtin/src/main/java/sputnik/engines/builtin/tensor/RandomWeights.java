package sputnik.engines.builtin.tensor;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * Fills memory with valid random blocks of a tensor type: every quant bit pattern, and fp16 scales in a
 * range that keeps values near [-1, 1] (never NaN or infinite). For tests, benchmarks and synthesized models.
 */
public final class RandomWeights {
    private RandomWeights() {}

    /** Fills {@code values} values (a multiple of the type's block) of {@code type} at {@code offset}; returns the bytes written. */
    public static long fill(GgmlType type, MemorySegment data, long offset, long values, SplittableRandom random) {
        long bytes = type.bytesFor(values);
        long blocks = values / type.blockSize();
        int bb = type.blockBytes();
        for (long b = 0; b < blocks; b++) {
            long o = offset + b * bb;
            switch (type) {
                case F32 -> data.set(Simd.FLOAT_LE, o, (float) (random.nextDouble() * 2 - 1));
                case F16 -> data.set(Simd.SHORT_LE, o, Half.floatToF16((float) (random.nextDouble() * 2 - 1)));
                case BF16 -> data.set(Simd.SHORT_LE, o, Half.floatToBf16((float) (random.nextDouble() * 2 - 1)));
                case Q8_0 -> {
                    data.set(Simd.SHORT_LE, o, scale(random, 1 / 127.0));
                    randomBytes(data, o + 2, 32, random);
                }
                case Q4_0 -> {
                    data.set(Simd.SHORT_LE, o, scale(random, 1 / 8.0));
                    randomBytes(data, o + 2, 16, random);
                }
                case Q4_K -> {
                    data.set(Simd.SHORT_LE, o, scale(random, 1 / (15.0 * 63)));
                    data.set(Simd.SHORT_LE, o + 2, scale(random, 1 / (15.0 * 63)));
                    randomBytes(data, o + 4, 140, random);
                }
                case Q6_K -> {
                    randomBytes(data, o, 208, random);
                    data.set(Simd.SHORT_LE, o + 208, scale(random, 1 / (32.0 * 127)));
                }
                default -> throw new IllegalArgumentException("no kernels for tensor type " + type);
            }
        }
        return bytes;
    }

    private static short scale(SplittableRandom random, double unit) {
        return Half.floatToF16((float) (unit * (0.25 + random.nextDouble())));
    }

    private static void randomBytes(MemorySegment data, long offset, int n, SplittableRandom random) {
        for (int i = 0; i < n; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8 && i + j < n; j++) data.set(Simd.BYTE, offset + i + j, (byte) (v >>> (8 * j)));
        }
    }
}
