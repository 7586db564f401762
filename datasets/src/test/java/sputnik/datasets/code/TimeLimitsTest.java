package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Judgement;
import sputnik.harness.api.Verdict;

/** The limit policy with stand-in runs: a candidate's CPU time is given, no sandbox involved. */
class TimeLimitsTest {
    @TempDir
    Path cacheDir;

    final List<Long> limitsTried = new ArrayList<>();
    int referenceRuns;
    ReferenceTimes references;

    @BeforeEach
    void setUp() {
        references = new ReferenceTimes(new ReferenceTimeCache(cacheDir), "python 3 (stand-in)");
    }

    /** A candidate that needs {@code seconds}: correct within the limit, else a timeout. */
    Judgement candidate(double seconds, long limitMillis) {
        limitsTried.add(limitMillis);
        return seconds * 1000 <= limitMillis ? Judgement.of(Verdict.CORRECT) : Judgement.of(Verdict.TIMEOUT);
    }

    /** A reference solution of problem {@code id} whose runs take the given CPU seconds, one after the other. */
    ReferenceTimes.Reference reference(String id, double... seconds) {
        return references.of(id, "reference of " + id, limit -> {
            double s = seconds[Math.min(referenceRuns++, seconds.length - 1)];
            return new CodeSandbox.Measured(Judgement.of(Verdict.CORRECT), s, true);
        });
    }

    @Test
    void aFastCandidateRunsOnceUnderTheFloorAndTheReferenceIsNeverTimed() {
        TimeLimits t = new TimeLimits(3000, 10, "per problem");
        Judgement j = t.judge(l -> candidate(0.1, l), reference("p", 0.5));
        assertThat(j.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(limitsTried).containsExactly(3000L);
        assertThat(referenceRuns).isZero();
        assertThat(j.detail()).containsEntry("time_limit_ms", 3000L);
        assertThat(j.detail().get("time_limit").toString()).isEqualTo("3 s of CPU time: the floor");
    }

    @Test
    void aSlowReferenceExtendsTheLimitToTenTimesItsBestCpuTime() {
        TimeLimits t = new TimeLimits(3000, 10, "per problem");
        Judgement j = t.judge(l -> candidate(4.0, l), reference("p", 0.7, 0.5, 0.6));
        assertThat(j.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(referenceRuns).isEqualTo(ReferenceTimes.RUNS);
        assertThat(limitsTried).containsExactly(3000L, 5000L);
        assertThat(j.detail()).containsEntry("reference_cpu_seconds", 0.5).containsEntry("time_limit_ms", 5000L);
        assertThat(j.detail().get("time_limit").toString()).isEqualTo("5 s of CPU time: 10.0 x the reference solution's 0.5 s of CPU time");
    }

    @Test
    void aFastReferenceLeavesTheFloorAsTheLimitAndSaysSo() {
        TimeLimits t = new TimeLimits(3000, 10, "per problem");
        Judgement j = t.judge(l -> candidate(4.0, l), reference("p", 0.05));
        assertThat(j.verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(limitsTried).containsExactly(3000L);
        assertThat(j.detail()).containsEntry("time_limit_ms", 3000L).containsEntry("reference_cpu_seconds", 0.05);
        assertThat(j.detail().get("time_limit").toString()).contains("the floor").contains("0.05 s of CPU time is less");
    }

    @Test
    void theReferenceIsMeasuredOncePerProblem() {
        TimeLimits t = new TimeLimits(3000, 10, "per problem");
        for (int i = 0; i < 3; i++) t.judge(l -> candidate(100, l), reference("p", 0.5));
        t.judge(l -> candidate(100, l), reference("q", 0.5));
        assertThat(referenceRuns).isEqualTo(2 * ReferenceTimes.RUNS);
    }

    @Test
    void aReferenceThatFailsItsTestsLeavesTheFloorSaysWhyAndIsNotMeasuredAgain() {
        TimeLimits t = new TimeLimits(3000, 10, "per problem");
        ReferenceTimes.Reference broken = references.of("p", "broken reference", limit -> {
            referenceRuns++;
            return new CodeSandbox.Measured(Judgement.of(Verdict.INCORRECT, "reason", "assertion failed"), 0.01, true);
        });
        Judgement j = t.judge(l -> candidate(4.0, l), broken);
        t.judge(l -> candidate(4.0, l), broken);
        assertThat(j.verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(j.detail().get("time_limit").toString()).contains("the floor").contains("could not be timed (incorrect: assertion failed)");
        assertThat(referenceRuns).isEqualTo(1);
    }

    @Test
    void aSandboxFailureWhileTimingTheReferenceIsTheGradersFailureAndIsTriedAgain() {
        TimeLimits t = new TimeLimits(3000, 10, "per problem");
        ReferenceTimes.Reference flaky = references.of("p", "reference", limit -> referenceRuns++ == 0
                ? new CodeSandbox.Measured(Judgement.sandboxError("could not start a sandbox"), 0, true)
                : new CodeSandbox.Measured(Judgement.of(Verdict.CORRECT), 0.5, true));
        assertThat(t.judge(l -> candidate(4.0, l), flaky).verdict()).isEqualTo(Verdict.SANDBOX_ERROR);
        assertThat(t.judge(l -> candidate(4.0, l), flaky).verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void withoutAReferenceTheFloorIsTheLimit() {
        TimeLimits t = new TimeLimits(6000, 0, "per test");
        Judgement j = t.judge(l -> candidate(7, l), null);
        assertThat(j.verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(limitsTried).containsExactly(6000L);
        assertThat(j.detail()).containsEntry("time_limit_ms", 6000L);
    }
}
