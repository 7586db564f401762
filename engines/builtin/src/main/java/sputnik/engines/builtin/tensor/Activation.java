package sputnik.engines.builtin.tensor;

import java.util.Objects;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * An activation vector (the right-hand side of a matrix-vector product) in the forms the weight types
 * multiply with, as ggml's CPU backend prepares them ({@code vec_dot_type}): F32 weights take it as is, F16
 * weights rounded to fp16, BF16 weights rounded to bf16, Q8_0 and Q4_0 weights quantized per block of 32 to
 * Q8_0, Q4_K and Q6_K weights quantized per block of 256 to Q8_K.
 *
 * <p>Set the values with {@link #set}; each form is computed once, on first use by a weight type that needs
 * it ({@link #prepare}), into buffers allocated once for {@link #capacity()} values, so the per-token loop
 * allocates nothing. Not thread-safe while being set or prepared; {@link MatVec} prepares every form before
 * its workers read it.
 *
 * <p>Quantization follows ggml exactly (see {@link #quantizeQ8_0} and {@link #quantizeQ8_K}); the quants
 * are kept widened to {@code short} so that the vector kernels can multiply them with 16-bit lanes.
 */
public final class Activation {
    private final int capacity;
    private final float[] values;
    private int length;
    private int ready; // bit set of prepared forms, by form index

    private float[] f16;
    private float[] bf16;
    short[] q80;      // Q8_0 quants, one per value
    float[] q80d;     // Q8_0 scales (fp16 values, as float), one per 32 values
    short[] q8k;      // Q8_K quants
    float[] q8kd;     // Q8_K scales (float), one per 256 values
    int[] q8kBsums;   // Q8_K sums of 16 quants, one per 16 values

    // Q8_K quants rearranged for the Q4_K vector kernel: per 64 values,
    // the quants of positions 0, 2, .., 30, then 1, 3, .., 31, then 32, 34, .., 62, then 33, 35, .., 63, the order
    // in which it takes the nibbles of 32 bytes read as 16 little-endian shorts (low and high nibble of the even
    // byte, of the odd byte); and the sums of each 32 quants (bsums[2j] + bsums[2j + 1]) for the mins.
    short[] q8kv;
    int[] q8kPairs;

    /** An activation that can hold up to {@code capacity} values. */
    public Activation(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        this.capacity = capacity;
        this.values = new float[capacity];
    }

    /** An activation holding a copy of {@code x}. */
    public static Activation of(float[] x) {
        Activation a = new Activation(Math.max(1, x.length));
        a.set(x, 0, x.length);
        return a;
    }

    public int capacity() {
        return capacity;
    }

    /** The number of values set. */
    public int length() {
        return length;
    }

    /** Copies {@code n} values of {@code x} from {@code offset}; every form is recomputed on next use. */
    public Activation set(float[] x, int offset, int n) {
        Objects.checkFromIndexSize(offset, n, x.length);
        if (n > capacity) throw new IllegalArgumentException(n + " values exceed this activation's capacity " + capacity);
        System.arraycopy(x, offset, values, 0, n);
        length = n;
        ready = 0;
        return this;
    }

    /** The values as set (the F32 form); only the first {@link #length()} are meaningful. */
    public float[] values() {
        return values;
    }

    /** The values rounded to fp16, for F16 weights. */
    float[] f16() {
        return f16;
    }

    /** The values rounded to bf16, for BF16 weights. */
    float[] bf16() {
        return bf16;
    }

    /** The activation form ggml multiplies weights of {@code weightType} with. */
    public static GgmlType formFor(GgmlType weightType) {
        return switch (weightType) {
            case F32 -> GgmlType.F32;
            case F16 -> GgmlType.F16;
            case BF16 -> GgmlType.BF16;
            case Q8_0, Q4_0 -> GgmlType.Q8_0;
            case Q4_K, Q6_K -> GgmlType.Q8_K;
            default -> throw new IllegalArgumentException("no kernel for weights of type " + weightType);
        };
    }

    /** Computes the form weights of {@code weightType} need, unless it is already there. */
    public void prepare(GgmlType weightType) {
        GgmlType form = formFor(weightType);
        int bit = 1 << form.ordinal();
        if ((ready & bit) != 0) return;
        int n = length;
        switch (form) {
            case F32 -> { }
            case F16 -> {
                if (f16 == null) f16 = new float[capacity];
                for (int i = 0; i < n; i++) f16[i] = Half.roundToF16(values[i]);
            }
            case BF16 -> {
                if (bf16 == null) bf16 = new float[capacity];
                for (int i = 0; i < n; i++) bf16[i] = Half.roundToBf16(values[i]);
            }
            case Q8_0 -> {
                requireMultiple(n, 32, weightType);
                if (q80 == null) {
                    q80 = new short[capacity];
                    q80d = new float[capacity / 32 + 1];
                }
                quantizeQ8_0(values, 0, n, q80, q80d);
            }
            case Q8_K -> {
                requireMultiple(n, 256, weightType);
                if (q8k == null) {
                    q8k = new short[capacity];
                    q8kd = new float[capacity / 256 + 1];
                    q8kBsums = new int[capacity / 16 + 1];
                }
                quantizeQ8_K(values, 0, n, q8k, q8kd, q8kBsums);
                if (q8kv == null) {
                    q8kv = new short[capacity];
                    q8kPairs = new int[capacity / 32 + 1];
                }
                for (int g = 0; g < n / 64; g++) {
                    int e = 64 * g;
                    for (int k = 0; k < 16; k++) {
                        q8kv[e + k] = q8k[e + 2 * k];
                        q8kv[e + 16 + k] = q8k[e + 2 * k + 1];
                        q8kv[e + 32 + k] = q8k[e + 32 + 2 * k];
                        q8kv[e + 48 + k] = q8k[e + 33 + 2 * k];
                    }
                }
                for (int j = 0; j < n / 32; j++) q8kPairs[j] = q8kBsums[2 * j] + q8kBsums[2 * j + 1];
            }
            default -> throw new AssertionError(form);
        }
        ready |= bit;
    }

    private static void requireMultiple(int n, int block, GgmlType weightType) {
        if (n % block != 0) {
            throw new IllegalArgumentException(weightType + " weights need rows of a multiple of " + block + " values, got " + n);
        }
    }

    /**
     * Quantizes {@code n} values (a multiple of 32) to Q8_0 as ggml's x86 {@code quantize_row_q8_0} does (the
     * build that produced the reference logits): per block of 32, amax = max |x|, d = amax / 127 stored as
     * fp16, q = x * (127 / amax) rounded to the nearest integer, ties to even ({@code _mm256_round_ps}). The
     * generic C version computes {@code x * (1/d)} and rounds ties away from zero; the two differ only where
     * a product lands within an ulp of a half-integer, which random data practically never does.
     *
     * @param qs receives the quants (int8 values), {@code n} of them
     * @param d receives the scales as float (already rounded to fp16), {@code n / 32} of them
     */
    public static void quantizeQ8_0(float[] x, int offset, int n, short[] qs, float[] d) {
        for (int b = 0; b < n / 32; b++) {
            int base = offset + b * 32;
            float amax = 0f;
            for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[base + j]));
            float scale = amax / 127f;
            float id = amax != 0f ? 127f / amax : 0f;
            d[b] = Half.roundToF16(scale);
            for (int j = 0; j < 32; j++) qs[b * 32 + j] = (short) (int) Math.rint(x[base + j] * id);
        }
    }

    /**
     * Quantizes {@code n} values (a multiple of 256) to Q8_K as ggml's {@code quantize_row_q8_K_ref} does (x86
     * uses the reference): per block of 256, max = the value of largest magnitude (the first such), iscale =
     * -127 / max, q = min(127, nearest_int(iscale * x)) with ties to even, d = 1 / iscale as a float, and
     * the sum of each 16 quants.
     */
    public static void quantizeQ8_K(float[] x, int offset, int n, short[] qs, float[] d, int[] bsums) {
        for (int b = 0; b < n / 256; b++) {
            int base = offset + b * 256;
            float max = 0f, amax = 0f;
            for (int j = 0; j < 256; j++) {
                float ax = Math.abs(x[base + j]);
                if (ax > amax) {
                    amax = ax;
                    max = x[base + j];
                }
            }
            if (amax == 0f) {
                d[b] = 0f;
                for (int j = 0; j < 256; j++) qs[b * 256 + j] = 0;
                for (int j = 0; j < 16; j++) bsums[b * 16 + j] = 0;
                continue;
            }
            float iscale = -127f / max;
            for (int j = 0; j < 256; j++) {
                int v = (int) Math.rint(iscale * x[base + j]);
                qs[b * 256 + j] = (short) Math.min(127, v);
            }
            for (int j = 0; j < 16; j++) {
                int sum = 0;
                for (int k = 0; k < 16; k++) sum += qs[b * 256 + j * 16 + k];
                bsums[b * 16 + j] = sum;
            }
            d[b] = 1f / iscale;
        }
    }
}
