package sputnik.engines.builtin.tensor;

import jdk.incubator.vector.FloatVector;

/**
 * Which implementation of every kernel runs: the Vector API one (the default) or the plain scalar
 * reference beside it. {@code -Dsputnik.kernels=scalar} forces the scalar path everywhere (for
 * debugging, or to check a result against the reference); {@code vector} or no value selects the Vector
 * API path. The vector kernels are written for 256-bit vectors (AVX2 and wider): on a CPU whose widest
 * vector is narrower the scalar path is used, since 256-bit shapes would be emulated there.
 */
public final class Kernels {
    /** The system property that selects the implementation: {@code scalar} or {@code vector}. */
    public static final String PROPERTY = "sputnik.kernels";

    private static final boolean VECTOR = decide(System.getProperty(PROPERTY));

    private Kernels() {}

    static boolean decide(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("vector") || value.equalsIgnoreCase("auto")) {
            return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
        }
        if (value.equalsIgnoreCase("scalar")) return false;
        throw new IllegalArgumentException("-D" + PROPERTY + " must be 'scalar' or 'vector', got '" + value + "'");
    }

    /** Whether the Vector API kernels run (false with {@code -Dsputnik.kernels=scalar} or on a CPU without 256-bit vectors). */
    public static boolean vector() {
        return VECTOR;
    }

    /** A one-line description of the selected path, for logs and benchmark reports. */
    public static String describe() {
        return (VECTOR ? "vector" : "scalar") + " (preferred vector " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits)";
    }
}
