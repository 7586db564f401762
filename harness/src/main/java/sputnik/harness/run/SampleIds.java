package sputnik.harness.run;

import java.nio.charset.StandardCharsets;

/**
 * Stable identity of a sample: {@code suite:problem#index}, and its seed, derived from the run seed
 * and that id alone. A sample therefore gets the same seed whether it runs first, last, after a
 * resume, or in a run extended to more samples or problems.
 */
public final class SampleIds {
    private SampleIds() {}

    public static String id(String suite, String problemId, int sampleIndex) {
        return suite + ":" + problemId + "#" + sampleIndex;
    }

    /** A non-negative 31-bit seed: every server we talk to accepts that range. */
    public static long seed(long runSeed, String sampleId) {
        return mix(runSeed ^ fnv1a64(sampleId)) & 0x7fff_ffffL;
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finalizer: spreads nearby inputs over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
