package sputnik.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import sputnik.harness.report.RunReport;
import sputnik.reports.SyntheticRuns;

/** Which comparisons are partial, and that only problems complete in both runs are compared. */
class ComparedCoverageTest {
    private static double[] flat(int n, double p) {
        double[] r = new double[n];
        Arrays.fill(r, p);
        return r;
    }

    @Test
    void anInterruptedNewRunIsComparedOnItsCompleteProblemsAndTheGateRefuses() {
        RunReport base = SyntheticRuns.run("base", flat(200, 0.7), 4, 1);
        RunReport next = SyntheticRuns.interrupted(SyntheticRuns.run("new", flat(200, 0.7), 4, 2), 72);
        Comparison c = Comparer.compare(base, next, 0.05, 0);
        assertThat(c.sharedProblems()).isEqualTo(72);
        assertThat(c.coverage().partial()).isTrue();
        assertThat(c.coverage().next().missing()).isEqualTo(128);
        assertThat(c.coverage().next().firstMissing()).startsWith("p72", "p73");
        assertThat(c.coverage().next().coverage()).isEqualTo("72x4 of 200x4");
        assertThat(c.gate()).isEqualTo(Comparison.INCOMPLETE);
        assertThat(Comparer.compare(base, next, 0.05, 0, true).gate()).isEqualTo(Comparison.PASS);
    }

    @Test
    void aProblemWithSomeOfItsSamplesIsNotCompared() {
        RunReport base = SyntheticRuns.run("base", flat(30, 0.7), 4, 1);
        RunReport next = SyntheticRuns.firstSamples(SyntheticRuns.run("new", flat(30, 0.7), 4, 2), 1);
        Comparison c = Comparer.compare(base, next, 0.05, 0, true);
        assertThat(c.sharedProblems()).isZero();
        assertThat(c.coverage().next().coverage()).isEqualTo("30x1 of 30x4");
        assertThat(c.coverage().reasons()).anyMatch(r -> r.startsWith("new is incomplete: 0 of 30 problems complete (30 of 120 samples"));
    }

    @Test
    void aNewRunThatPlannedMoreThanBaseIsNotPartialButSaysWhatBaseLacks() {
        RunReport base = SyntheticRuns.run("base", flat(20, 0.7), 2, 1);
        RunReport next = SyntheticRuns.run("new", flat(30, 0.7), 4, 2);
        Comparison c = Comparer.compare(base, next, 0.05, 0);
        assertThat(c.coverage().partial()).isFalse();
        assertThat(c.sharedProblems()).isEqualTo(20);
        assertThat(c.coverage().base().missing()).isEqualTo(10);
        assertThat(ComparisonWriters.markdown(c, "toy")).contains("base: 10 problems missing (p20, p21").doesNotContain("INCOMPLETE");
    }

    @Test
    void fewerSamplesPerProblemInNewIsPartialAnIncompleteBaseToo() {
        RunReport base = SyntheticRuns.run("base", flat(20, 0.7), 4, 1);
        RunReport thin = SyntheticRuns.run("new", flat(20, 0.7), 2, 2);
        assertThat(Comparer.compare(base, thin, 0.05, 0).coverage().reasons()).containsExactly("new has 2 samples per problem, base 4");
        RunReport shortBase = SyntheticRuns.interrupted(base, 15);
        Comparison c = Comparer.compare(shortBase, SyntheticRuns.run("new", flat(20, 0.7), 4, 2), 0.05, 0);
        assertThat(c.gate()).isEqualTo(Comparison.INCOMPLETE);
        assertThat(c.coverage().reasons()).singleElement().asString().startsWith("base is incomplete: 15 of 20 problems complete");
        assertThat(ComparisonWriters.markdown(c, "toy")).contains("**INCOMPLETE**: compared only 15 of 20 problems");
    }
}
