package sputnik.engines.builtin.tensor;

/**
 * fp16 and bf16 conversions, exactly as ggml's CPU backend does them: fp16 with IEEE round-to-nearest-even
 * (F16C's {@code vcvtps2ph}, which {@link Float#floatToFloat16} also is), bf16 by rounding the top 16 bits
 * to nearest even and quieting NaNs ({@code ggml_compute_fp32_to_bf16}).
 */
public final class Half {
    private Half() {}

    /** The float value of fp16 bits. */
    public static float f16ToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** The nearest fp16 (ties to even). */
    public static short floatToF16(float value) {
        return Float.floatToFloat16(value);
    }

    /** {@code value} rounded to fp16 and back. */
    public static float roundToF16(float value) {
        return Float.float16ToFloat(Float.floatToFloat16(value));
    }

    /** The float value of bf16 bits (the top half of a float). */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** The nearest bf16 (ties to even); a NaN stays a (quiet) NaN. */
    public static short floatToBf16(float value) {
        int u = Float.floatToRawIntBits(value);
        if ((u & 0x7fffffff) > 0x7f800000) return (short) ((u >>> 16) | 64);
        return (short) ((u + (0x7fff + ((u >>> 16) & 1))) >>> 16);
    }

    /** {@code value} rounded to bf16 and back. */
    public static float roundToBf16(float value) {
        return bf16ToFloat(floatToBf16(value));
    }
}
