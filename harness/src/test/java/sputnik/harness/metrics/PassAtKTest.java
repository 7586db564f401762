package sputnik.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class PassAtKTest {
    private static final double EPS = 1e-12;

    @Test
    void noPassesGiveZeroForEveryK() {
        // C(64,k)/C(64,k) = 1, so 1 - 1 = 0.
        assertThat(PassAtK.estimate(64, 0, 1)).isCloseTo(0.0, within(EPS));
        assertThat(PassAtK.estimate(64, 0, 8)).isCloseTo(0.0, within(EPS));
        assertThat(PassAtK.estimate(64, 0, 64)).isCloseTo(0.0, within(EPS));
    }

    @Test
    void allPassesGiveOneForEveryK() {
        // n - c = 0 < k: there is no way to draw k failures.
        assertThat(PassAtK.estimate(64, 64, 1)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(64, 64, 8)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(64, 64, 64)).isEqualTo(1.0);
    }

    @Test
    void onePassOfSixtyFour() {
        // k=1: 1 - C(63,1)/C(64,1) = 1 - 63/64 = 1/64.
        assertThat(PassAtK.estimate(64, 1, 1)).isCloseTo(1.0 / 64, within(EPS));
        // k=8: C(63,8)/C(64,8) = (64-8)/64 = 56/64, so 1 - 56/64 = 8/64 = 0.125.
        assertThat(PassAtK.estimate(64, 1, 8)).isCloseTo(8.0 / 64, within(EPS));
        // k=64: n - c = 63 < 64, every draw of 64 holds the pass.
        assertThat(PassAtK.estimate(64, 1, 64)).isEqualTo(1.0);
    }

    @Test
    void halfOfSixtyFourPass() {
        // k=1: 1 - C(32,1)/C(64,1) = 1 - 32/64 = 1/2.
        assertThat(PassAtK.estimate(64, 32, 1)).isCloseTo(1.0 / 2, within(EPS));
        // k=8: C(32,8) = 32*31*30*29*28*27*26*25 / 8! = 424097856000 / 40320 = 10518300
        //      C(64,8) = 64*63*62*61*60*59*58*57 / 8! = 178462987637760 / 40320 = 4426165368
        //      1 - 10518300/4426165368 = 1 - 325/136762 = 136437/136762 (about 0.99762361)
        assertThat(PassAtK.estimate(64, 32, 8)).isCloseTo(1.0 - 10518300.0 / 4426165368.0, within(EPS));
        assertThat(PassAtK.estimate(64, 32, 8)).isCloseTo(136437.0 / 136762.0, within(EPS));
        // k=64: n - c = 32 < 64.
        assertThat(PassAtK.estimate(64, 32, 64)).isEqualTo(1.0);
    }

    @Test
    void stableProductAgreesWithExactBinomials() {
        for (int n = 1; n <= 100; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k : new int[] {1, 2, 3, 5, 10, 16, 50, n}) {
                    if (k > n) continue;
                    assertThat(PassAtK.estimate(n, c, k))
                            .as("n=%d c=%d k=%d", n, c, k)
                            .isCloseTo(naive(n, c, k), within(EPS));
                }
            }
        }
    }

    /** 1 - C(n-c, k) / C(n, k) in exact integers, rounded once at the end. */
    private static double naive(int n, int c, int k) {
        BigDecimal allFail = new BigDecimal(binomial(n - c, k));
        BigDecimal all = new BigDecimal(binomial(n, k));
        return BigDecimal.ONE.subtract(allFail.divide(all, MathContext.DECIMAL128)).doubleValue();
    }

    private static BigInteger binomial(int n, int k) {
        if (k > n) return BigInteger.ZERO;
        BigInteger result = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            // result * (n - k + i) / i stays an integer at every step: it is C(n-k+i, i).
            result = result.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        }
        return result;
    }

    @Test
    void meanAveragesOverProblems() {
        // pass@8 per problem: (64,1) -> 8/64; (8,8) -> 1 (no failures); (16,0) -> 0. Mean: (1/8 + 1 + 0) / 3 = 3/8.
        assertThat(PassAtK.mean(new int[] {64, 8, 16}, new int[] {1, 8, 0}, 8)).isCloseTo(3.0 / 8, within(EPS));
        // pass@1 per problem: 1/64, 32/64, 1. Mean: (1/64 + 32/64 + 64/64) / 3 = 97/192.
        assertThat(PassAtK.mean(new int[] {64, 64, 64}, new int[] {1, 32, 64}, 1)).isCloseTo(97.0 / 192, within(EPS));
    }

    @Test
    void meanRejectsMismatchedOrEmptyArrays() {
        assertThatThrownBy(() -> PassAtK.mean(new int[] {4, 4}, new int[] {1}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2")
                .hasMessageContaining("1");
        assertThatThrownBy(() -> PassAtK.mean(new int[0], new int[0], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassAtK.mean(new int[] {4, 2}, new int[] {1, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k=3")
                .hasMessageContaining("n=2");
    }

    @Test
    void rejectsArgumentsOutOfRange() {
        assertThatThrownBy(() -> PassAtK.estimate(0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n=0");
        assertThatThrownBy(() -> PassAtK.estimate(10, -1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c=-1");
        assertThatThrownBy(() -> PassAtK.estimate(10, 11, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c=11")
                .hasMessageContaining("n=10");
        assertThatThrownBy(() -> PassAtK.estimate(10, 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k=0");
        assertThatThrownBy(() -> PassAtK.estimate(10, 3, 11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k=11")
                .hasMessageContaining("n=10");
    }

    @Test
    void reportedKsArePowersOfTwoPlusN() {
        assertThat(PassAtK.reportedKs(64)).containsExactly(1, 2, 4, 8, 16, 32, 64);
        assertThat(PassAtK.reportedKs(5)).containsExactly(1, 2, 4, 5);
        assertThat(PassAtK.reportedKs(1)).containsExactly(1);
        assertThat(PassAtK.reportedKs(2)).containsExactly(1, 2);
        assertThat(PassAtK.reportedKs(3)).containsExactly(1, 2, 3);
        assertThat(PassAtK.reportedKs(Integer.MAX_VALUE)).hasSize(32).endsWith(1 << 30, Integer.MAX_VALUE);
        assertThatThrownBy(() -> PassAtK.reportedKs(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
