package sputnik.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleIdsTest {

    private static final long TWO_TO_31 = 1L << 31;

    @Test
    void idIsSuiteColonProblemHashIndex() {
        assertThat(SampleIds.id("arith", "arith-007", 3)).isEqualTo("arith:arith-007#3");
        assertThat(SampleIds.id("aime2024", "II-15", 0)).isEqualTo("aime2024:II-15#0");
    }

    @Test
    void seedIsDeterministic() {
        String id = SampleIds.id("arith", "arith-007", 3);

        assertThat(SampleIds.seed(42, id)).isEqualTo(SampleIds.seed(42, id));
        assertThat(SampleIds.seed(42, SampleIds.id("arith", "arith-007", 3))).isEqualTo(SampleIds.seed(42, id));
    }

    @Test
    void seedIsANonNegative31BitNumber() {
        for (long runSeed : new long[] {0, 1, -1, 42, Long.MAX_VALUE, Long.MIN_VALUE}) {
            for (int i = 0; i < 1000; i++) {
                long seed = SampleIds.seed(runSeed, SampleIds.id("arith", "p" + i, i % 7));
                assertThat(seed).isBetween(0L, TWO_TO_31 - 1);
            }
        }
    }

    @Test
    void seedDiffersAcrossSampleIndices() {
        assertThat(SampleIds.seed(42, SampleIds.id("arith", "p1", 0)))
                .isNotEqualTo(SampleIds.seed(42, SampleIds.id("arith", "p1", 1)));
    }

    @Test
    void seedDiffersAcrossProblems() {
        assertThat(SampleIds.seed(42, SampleIds.id("arith", "p1", 0)))
                .isNotEqualTo(SampleIds.seed(42, SampleIds.id("arith", "p2", 0)));
    }

    @Test
    void seedDiffersAcrossSuites() {
        assertThat(SampleIds.seed(42, SampleIds.id("arith", "p1", 0)))
                .isNotEqualTo(SampleIds.seed(42, SampleIds.id("gsm8k", "p1", 0)));
    }

    @Test
    void seedDiffersAcrossRunSeeds() {
        String id = SampleIds.id("arith", "p1", 0);

        assertThat(SampleIds.seed(1, id)).isNotEqualTo(SampleIds.seed(2, id));
        assertThat(SampleIds.seed(0, id)).isNotEqualTo(SampleIds.seed(42, id));
    }

    @Test
    void tenThousandSamplesOfOneRunGetAlmostNoCollidingSeeds() {
        // 100 problems x 100 samples; in a 2^31 range about 0.02 collisions are expected.
        Set<Long> seeds = new HashSet<>();
        int ids = 0;
        for (int p = 0; p < 100; p++) {
            for (int i = 0; i < 100; i++) {
                seeds.add(SampleIds.seed(1234, SampleIds.id("arith", "arith-" + p, i)));
                ids++;
            }
        }
        assertThat(ids - seeds.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void oneSampleUnderTenThousandRunSeedsGetsAlmostNoCollidingSeeds() {
        String id = SampleIds.id("arith", "arith-0", 0);
        Set<Long> seeds = new HashSet<>();
        for (long runSeed = 0; runSeed < 10_000; runSeed++) seeds.add(SampleIds.seed(runSeed, id));

        assertThat(10_000 - seeds.size()).isLessThanOrEqualTo(3);
    }
}
