package sputnik.engines.builtin.tensor;

import jdk.incubator.vector.FloatVector;

/**
 * Which implementation of every kernel runs, and at which vector width.
 *
 * <p>{@code -Dsputnik.kernels=scalar} forces the plain scalar reference everywhere (for debugging, or to check a result
 * against the reference); {@code vector} or no value selects the Vector API path.
 *
 * <p>{@code -Dsputnik.vector.bits=512|256|128} sets the width of the width-generic kernels (F32, F16, BF16, Q8_0 and
 * {@link VectorMath}; Q4_0 up to 256 bits: it runs at 256 when 512 is set); without it they take the CPU's preferred
 * width, at most 256 bits (256 with AVX2 or AVX-512, 128 with NEON): 512 runs only when asked for (see below). The K-quant kernels (Q4_K, Q6_K) are
 * written for 256-bit vectors only: they run their vector code where the CPU has 256-bit vectors or wider, whatever
 * width is set, and the scalar path on a narrower CPU (NEON), since 256-bit shapes would be emulated there. The width
 * is fixed for the JVM's life: results never depend on batch size or thread count, but a different width sums in a
 * different order (last bits). Every width gives correct results on any CPU (a width the CPU lacks is emulated,
 * slowly): the tests run each one.
 *
 * <p>Why 512 is not the default where the CPU has it: on Zen 4, which runs 512-bit operations as two 256-bit halves,
 * 512 bits measured 1.65-1.75x faster than 256 for F16 and BF16 a vector alone, no faster for Q8_0 alone, and
 * 10-15% slower for Q8_0's tiles of several vectors (batched decoding of a Q8_0 model: 40-42 against 45-47 tokens/s);
 * and at 512 bits C2 was seen leaving the Vector API's loads as calls in {@link VectorMath#softmaxVector} once other
 * code had run them uncompiled, boxing a vector per call (1.8 MB allocated per decode step of a test model), which it
 * did not do at 256. {@code -Dsputnik.vector.bits=512} still selects it, and the tests run every kernel at it.
 */
public final class Kernels {
    /** The system property that selects the implementation: {@code scalar} or {@code vector}. */
    public static final String PROPERTY = "sputnik.kernels";

    /** The system property that sets the width-generic kernels' vector width in bits: 512, 256 or 128. */
    public static final String BITS_PROPERTY = "sputnik.vector.bits";

    private static final int PREFERRED = FloatVector.SPECIES_PREFERRED.vectorBitSize();
    private static final int BITS = decideBits(System.getProperty(BITS_PROPERTY), PREFERRED);
    private static final boolean VECTOR = decide(System.getProperty(PROPERTY));
    private static final boolean VECTOR_256 = VECTOR && PREFERRED >= 256;

    private Kernels() {}

    static boolean decide(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("vector") || value.equalsIgnoreCase("auto")) return BITS >= 128;
        if (value.equalsIgnoreCase("scalar")) return false;
        throw new IllegalArgumentException("-D" + PROPERTY + " must be 'scalar' or 'vector', got '" + value + "'");
    }

    /** The width for {@code value} of {@link #BITS_PROPERTY} on a CPU whose preferred width is {@code preferred} bits (0: none). */
    static int decideBits(String value, int preferred) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("auto")) return preferred >= 128 ? Math.min(preferred, 256) : 0; // 512 only when asked: see the class comment
        return switch (value.strip()) {
            case "512" -> 512;
            case "256" -> 256;
            case "128" -> 128;
            default -> throw new IllegalArgumentException("-D" + BITS_PROPERTY + " must be 512, 256 or 128, got '" + value + "'");
        };
    }

    /** Whether the Vector API kernels run (false with {@code -Dsputnik.kernels=scalar} or on a CPU without 128-bit vectors). */
    public static boolean vector() {
        return VECTOR;
    }

    /** Whether the kernels written for 256-bit vectors run their vector code: {@link #vector()} on a CPU with 256-bit vectors or wider. */
    static boolean vector256() {
        return VECTOR_256;
    }

    /** The width-generic kernels' vector width in bits (128, 256 or 512; 0 on a CPU without vectors). */
    public static int bits() {
        return BITS;
    }

    /** A one-line description of the selected path, for logs and benchmark reports. */
    public static String describe() {
        if (!VECTOR) return "scalar (preferred vector " + PREFERRED + " bits)";
        return "vector " + BITS + "-bit (F32/F16/BF16/Q8_0/VectorMath; Q4_0 " + Math.min(BITS, 256) + "-bit; Q4_K/Q6_K " + (VECTOR_256 ? "256-bit" : "scalar")
                + "; preferred vector " + PREFERRED + " bits)";
    }
}
