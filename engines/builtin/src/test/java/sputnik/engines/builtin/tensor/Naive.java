package sputnik.engines.builtin.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * Test references written from the GGML block formats, one element at a time, independently of the
 * kernels' loops; and helpers to make random weights and activations.
 */
final class Naive {
    private Naive() {}

    static final GgmlType[] TYPES = {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K};

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static int u8(MemorySegment m, long o) {
        return Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, o));
    }

    private static float f16(MemorySegment m, long o) {
        return Float.float16ToFloat(m.get(SHORT, o));
    }

    /** Element {@code e} of the row at {@code row}, decoded from the format description. */
    static float value(GgmlType type, MemorySegment m, long row, int e) {
        switch (type) {
            case F32:
                return m.get(FLOAT, row + 4L * e);
            case F16:
                return f16(m, row + 2L * e);
            case BF16:
                return Float.intBitsToFloat(Short.toUnsignedInt(m.get(SHORT, row + 2L * e)) << 16);
            case Q8_0: {
                long block = row + 34L * (e / 32);
                return f16(m, block) * m.get(ValueLayout.JAVA_BYTE, block + 2 + e % 32);
            }
            case Q4_0: {
                long block = row + 18L * (e / 32);
                int j = e % 32;
                int byteValue = u8(m, block + 2 + j % 16);
                int nibble = j < 16 ? byteValue & 15 : byteValue >> 4;
                return (nibble - 8) * f16(m, block);
            }
            case Q4_K: {
                long block = row + 144L * (e / 256);
                int w = e % 256, sub = w / 32;
                long sc = block + 4;
                int scale, min;
                if (sub < 4) {
                    scale = u8(m, sc + sub) & 63;
                    min = u8(m, sc + sub + 4) & 63;
                } else {
                    scale = (u8(m, sc + sub + 4) & 15) | ((u8(m, sc + sub - 4) >> 6) << 4);
                    min = (u8(m, sc + sub + 4) >> 4) | ((u8(m, sc + sub) >> 6) << 4);
                }
                int byteValue = u8(m, block + 16 + 32 * (w / 64) + w % 32);
                int q = (w % 64) < 32 ? byteValue & 15 : byteValue >> 4;
                float d1 = f16(m, block) * scale, m1 = f16(m, block + 2) * min;
                return d1 * q - m1;
            }
            case Q6_K: {
                long block = row + 210L * (e / 256);
                int w = e % 256, half = w / 128, quarter = (w % 128) / 32, l = w % 32;
                int ql = u8(m, block + 64 * half + l + 32 * (quarter % 2));
                int low = quarter < 2 ? ql & 15 : ql >> 4;
                int high = (u8(m, block + 128 + 32 * half + l) >> (2 * quarter)) & 3;
                int q = (low | (high << 4)) - 32;
                int scale = m.get(ValueLayout.JAVA_BYTE, block + 192 + w / 16);
                return f16(m, block + 208) * scale * q;
            }
            default:
                throw new IllegalArgumentException(type.toString());
        }
    }

    /** A segment of {@code rows} random rows of {@code cols} values of {@code type}, starting {@code pad} bytes in. */
    static MemorySegment randomRows(Arena arena, GgmlType type, int rows, int cols, long pad, long seed) {
        long bytes = type.bytesFor(cols) * rows;
        MemorySegment m = arena.allocate(pad + bytes + 7, 1);
        RandomWeights.fill(type, m, pad, (long) rows * cols, new SplittableRandom(seed));
        return m;
    }

    /** Gaussian activations with a few outliers, like real hidden states. */
    static float[] activations(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * (r.nextInt(50) == 0 ? 8 : 1));
        return x;
    }

    /** The activation values the kernel of {@code type} really multiplies with (after rounding or quantization). */
    static double[] effectiveActivation(GgmlType type, Activation a) {
        int n = a.length();
        double[] out = new double[n];
        a.prepare(type);
        GgmlType form = Activation.formFor(type);
        for (int i = 0; i < n; i++) {
            out[i] = switch (form) {
                case F32 -> a.values()[i];
                case F16 -> a.f16()[i];
                case BF16 -> a.bf16()[i];
                case Q8_0 -> (double) a.q80[i] * a.q80d[i / 32];
                case Q8_K -> (double) a.q8k[i] * a.q8kd[i / 256];
                default -> throw new AssertionError(form);
            };
        }
        return out;
    }
}
