package sputnik.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionTest {
    private static final double EPS = 1e-12;

    @Test
    void percentilesInterpolateBetweenClosestRanks() {
        double[] sorted = {1, 2, 3, 4};
        // h = (n-1) * p/100 = 3 * p/100; result = x[floor h] + frac(h) * (x[floor h + 1] - x[floor h]).
        assertThat(Distribution.percentile(sorted, 0)).isEqualTo(1.0);
        assertThat(Distribution.percentile(sorted, 50)).isCloseTo(2.5, within(EPS)); // h=1.5: 2 + 0.5*1
        assertThat(Distribution.percentile(sorted, 90)).isCloseTo(3.7, within(EPS)); // h=2.7: 3 + 0.7*1
        assertThat(Distribution.percentile(sorted, 99)).isCloseTo(3.97, within(EPS)); // h=2.97: 3 + 0.97*1
        assertThat(Distribution.percentile(sorted, 100)).isEqualTo(4.0);
    }

    @Test
    void percentilesOfUnevenValues() {
        double[] sorted = {10, 20, 40, 80, 160};
        // n=5, h = 4 * p/100.
        assertThat(Distribution.percentile(sorted, 25)).isEqualTo(20.0); // h=1: exactly x[1]
        assertThat(Distribution.percentile(sorted, 50)).isEqualTo(40.0); // h=2
        assertThat(Distribution.percentile(sorted, 60)).isCloseTo(56.0, within(EPS)); // h=2.4: 40 + 0.4*40
        assertThat(Distribution.percentile(sorted, 90)).isCloseTo(128.0, within(EPS)); // h=3.6: 80 + 0.6*80
        assertThat(Distribution.percentile(sorted, 99)).isCloseTo(156.8, within(EPS)); // h=3.96: 80 + 0.96*80
        assertThat(Distribution.percentile(new double[] {7}, 33)).isEqualTo(7.0);
    }

    @Test
    void summarizesWithoutTouchingTheInput() {
        double[] values = {4, 1, 3, 2};
        Distribution d = Distribution.of(values);
        assertThat(values).containsExactly(4, 1, 3, 2);
        assertThat(d.count()).isEqualTo(4);
        assertThat(d.mean()).isCloseTo(2.5, within(EPS));
        assertThat(d.min()).isEqualTo(1.0);
        assertThat(d.p50()).isCloseTo(2.5, within(EPS));
        assertThat(d.p90()).isCloseTo(3.7, within(EPS));
        assertThat(d.p99()).isCloseTo(3.97, within(EPS));
        assertThat(d.max()).isEqualTo(4.0);
    }

    @Test
    void singleValueIsEveryStatistic() {
        assertThat(Distribution.of(new double[] {0.25})).isEqualTo(new Distribution(1, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Distribution.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distribution.of(new double[] {1, Double.NaN})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distribution.percentile(new double[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distribution.percentile(new double[] {1}, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distribution.percentile(new double[] {1}, 100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distribution.percentile(new double[] {1}, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
