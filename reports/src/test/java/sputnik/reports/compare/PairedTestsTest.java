package sputnik.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedTestsTest {
    @Test
    void exactMcNemarMatchesHandComputedBinomialTails() {
        // 0 vs 6 discordant pairs: 2 * (1/2)^6 = 0.03125
        assertThat(PairedTests.twoSidedBinomial(0, 6)).isCloseTo(0.03125, within(1e-12));
        // 1 vs 9: 2 * (C(10,0) + C(10,1)) / 2^10 = 2 * 11 / 1024
        assertThat(PairedTests.twoSidedBinomial(9, 1)).isCloseTo(22.0 / 1024, within(1e-12));
        // 5 vs 5: the tail includes the middle, so the two-sided p is capped at 1
        assertThat(PairedTests.twoSidedBinomial(5, 5)).isEqualTo(1.0);
        assertThat(PairedTests.twoSidedBinomial(0, 0)).isEqualTo(1.0);
    }

    @Test
    void largeCountsStayFiniteAndSymmetric() {
        double p = PairedTests.twoSidedBinomial(400, 600);
        assertThat(p).isGreaterThan(0).isLessThan(1e-9);
        assertThat(PairedTests.twoSidedBinomial(600, 400)).isEqualTo(p);
    }
}
