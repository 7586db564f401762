package sputnik.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import sputnik.harness.metrics.Bootstrap.Interval;

class BootstrapTest {

    /** Thirty pass/fail scores, fifteen of each: mean 0.5. */
    private static double[] halfPassing() {
        double[] values = new double[30];
        for (int i = 0; i < values.length; i += 2) values[i] = 1;
        return values;
    }

    @Test
    void sameSeedSameInterval() {
        double[] values = {0.1, 0.9, 0.4, 0.4, 0.7, 0.2, 1.0};
        Interval a = Bootstrap.meanCi(values, 0.95, 2_000, 42);
        Interval b = Bootstrap.meanCi(values, 0.95, 2_000, 42);
        assertThat(a).isEqualTo(b);
        assertThat(a.low()).isLessThan(a.high());
    }

    @Test
    void identicalValuesGiveADegenerateInterval() {
        double[] values = new double[30];
        java.util.Arrays.fill(values, 0.1);
        assertThat(Bootstrap.meanCi(values, 0.95, 1_000, 1)).isEqualTo(new Interval(0.1, 0.1));
        assertThat(Bootstrap.meanCi(new double[] {3.5}, 0.95, 1_000, 1)).isEqualTo(new Interval(3.5, 3.5));
    }

    @Test
    void halfPassingThirtyGivesAboutPlusOrMinusEighteenPoints() {
        // Standard error sqrt(0.5 * 0.5 / 30) = 0.0913; 1.96 of them is 0.179.
        Interval ci = Bootstrap.meanCi(halfPassing(), Bootstrap.DEFAULT_LEVEL, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
        assertThat(ci.low()).isBetween(0.30, 0.36);
        assertThat(ci.high()).isBetween(0.64, 0.70);
        assertThat(0.5).isBetween(ci.low(), ci.high());
    }

    @Test
    void higherLevelWidensTheInterval() {
        double[] values = halfPassing();
        Interval ci80 = Bootstrap.meanCi(values, 0.80, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
        Interval ci95 = Bootstrap.meanCi(values, 0.95, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
        Interval ci99 = Bootstrap.meanCi(values, 0.99, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
        assertThat(ci95.low()).isLessThan(ci80.low());
        assertThat(ci95.high()).isGreaterThan(ci80.high());
        assertThat(ci99.low()).isLessThan(ci95.low());
        assertThat(ci99.high()).isGreaterThan(ci95.high());
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> Bootstrap.meanCi(new double[0], 0.95, 100, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bootstrap.meanCi(new double[] {1, 2}, 1.0, 100, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bootstrap.meanCi(new double[] {1, 2}, 0.0, 100, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bootstrap.meanCi(new double[] {1, 2}, 0.95, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bootstrap.meanCi(new double[] {1, Double.NaN}, 0.95, 100, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
