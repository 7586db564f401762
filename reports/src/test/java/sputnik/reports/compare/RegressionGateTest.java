package sputnik.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import sputnik.harness.report.RunReport;
import sputnik.reports.SyntheticRuns;

/**
 * The CI gate on synthetic runs whose true difference is known: it must fail on a real regression and
 * pass on noise. The false-alarm rate is measured over many seeded pairs of runs drawn from the SAME
 * per-problem rates, at the default alpha.
 */
class RegressionGateTest {
    private static final double ALPHA = 0.05;

    private static double flaggedShare(int problems, int k, double drop, int trials) {
        int flagged = 0;
        for (int t = 0; t < trials; t++) {
            double[] base = SyntheticRuns.rates(problems, 1000 + t);
            double[] next = base.clone();
            for (int i = 0; i < next.length; i++) next[i] = Math.max(0, next[i] - drop);
            RunReport b = SyntheticRuns.run("base", base, k, 2 * t + 1);
            RunReport n = SyntheticRuns.run("new", next, k, 2 * t + 2);
            if (Comparer.compare(b, n, ALPHA, 0).regression()) flagged++;
        }
        return (double) flagged / trials;
    }

    @Test
    void noiseRarelyTripsTheGate() {
        double oneSample = flaggedShare(30, 1, 0, 1000);
        double eightSamples = flaggedShare(30, 8, 0, 1000);
        System.out.printf(Locale.ROOT, "false-alarm rate at alpha %.2f: k=1 (McNemar) %.3f, k=8 (sign test) %.3f over 1000 seeded pairs%n",
                ALPHA, oneSample, eightSamples);
        // Only drops count, so at most about alpha/2 of pure-noise pairs should be flagged.
        assertThat(oneSample).isLessThanOrEqualTo(ALPHA / 2 + 0.01);
        assertThat(eightSamples).isLessThanOrEqualTo(ALPHA / 2 + 0.01);
    }

    @Test
    void aRealRegressionFailsTheGate() {
        double power = flaggedShare(30, 8, 0.25, 200);
        System.out.printf(Locale.ROOT, "detection rate of a 25-point drop, 30 problems x 8 samples: %.3f%n", power);
        assertThat(power).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aDropSmallerThanMinDeltaPasses() {
        double[] rates = SyntheticRuns.rates(200, 5);
        double[] lower = rates.clone();
        for (int i = 0; i < lower.length; i++) lower[i] = Math.max(0, lower[i] - 0.05);
        RunReport b = SyntheticRuns.run("base", rates, 8, 1);
        RunReport n = SyntheticRuns.run("new", lower, 8, 2);
        Comparison strict = Comparer.compare(b, n, ALPHA, 0);
        Comparison lenient = Comparer.compare(b, n, ALPHA, 0.10);
        assertThat(strict.deltaPassAt1()).isNegative();
        assertThat(lenient.regression()).isFalse();
        assertThat(strict.ciLow()).isLessThan(strict.deltaPassAt1());
        assertThat(strict.ciHigh()).isGreaterThan(strict.deltaPassAt1());
    }

    @Test
    void singleSampleRunsUseMcNemarAndReportDiscordantPairs() {
        double[] always = new double[20];
        java.util.Arrays.fill(always, 1.0);
        double[] half = always.clone();
        for (int i = 0; i < 10; i++) half[i] = 0.0;
        Comparison c = Comparer.compare(SyntheticRuns.run("b", always, 1, 1), SyntheticRuns.run("n", half, 1, 2), ALPHA, 0);
        assertThat(c.test()).isEqualTo("mcnemar-exact");
        assertThat(c.worse()).isEqualTo(10);
        assertThat(c.better()).isZero();
        assertThat(c.pValue()).isEqualTo(2 * Math.pow(0.5, 10));
        assertThat(c.regression()).isTrue();
        assertThat(c.problems().stream().filter(Comparison.Row::lost)).hasSize(10);
        String xml = ComparisonWriters.junit(c, "toy");
        assertThat(xml).contains("tests=\"20\" failures=\"10\"").contains("<failure message=\"lost: base 1/1 correct, new 0/1\"/>");
        assertThat(ComparisonWriters.markdown(c, "toy")).contains("**REGRESSION**").contains("mcnemar-exact").contains("-50.0 pp");
    }
}
