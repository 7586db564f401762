package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sputnik.datasets.sandbox.Judgement;
import sputnik.harness.api.Verdict;

/** The limit policy with stand-in runs: a candidate's time is given, no sandbox involved. */
class TimeLimitsTest {
    final List<Long> limitsTried = new ArrayList<>();
    int referenceRuns;

    /** A candidate that needs {@code seconds}: correct within the limit, else a timeout. */
    Judgement candidate(double seconds, long limitMillis) {
        limitsTried.add(limitMillis);
        return seconds * 1000 <= limitMillis ? Judgement.of(Verdict.CORRECT) : Judgement.of(Verdict.TIMEOUT);
    }

    TimeLimits.Timed reference(double seconds) {
        referenceRuns++;
        return new TimeLimits.Timed(Judgement.of(Verdict.CORRECT), seconds);
    }

    @Test
    void aFastCandidateRunsOnceAndTheReferenceIsNeverTimed() {
        TimeLimits t = new TimeLimits(3000, 10, "per problem");
        assertThat(t.judge("p", l -> candidate(0.1, l), l -> reference(0.5)).verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(limitsTried).containsExactly(3000L);
        assertThat(referenceRuns).isZero();
    }

    @Test
    void aSlowReferenceExtendsTheLimitToTenTimesItsTime() {
        TimeLimits t = new TimeLimits(3000, 10, "per problem");
        Judgement j = t.judge("p", l -> candidate(4.0, l), l -> reference(0.5));
        assertThat(j.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(limitsTried).containsExactly(3000L, 5000L);
        assertThat(j.detail()).containsEntry("reference_seconds", 0.5);
    }

    @Test
    void aFastReferenceLeavesTheFloorAsTheLimit() {
        TimeLimits t = new TimeLimits(3000, 10, "per problem");
        assertThat(t.judge("p", l -> candidate(4.0, l), l -> reference(0.05)).verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(limitsTried).containsExactly(3000L);
    }

    @Test
    void theReferenceIsTimedOncePerProblem() {
        TimeLimits t = new TimeLimits(3000, 10, "per problem");
        for (int i = 0; i < 3; i++) t.judge("p", l -> candidate(100, l), l -> reference(0.5));
        t.judge("q", l -> candidate(100, l), l -> reference(0.5));
        assertThat(referenceRuns).isEqualTo(2);
    }

    @Test
    void withoutAReferenceTheFloorIsTheLimit() {
        TimeLimits t = new TimeLimits(6000, 0, "per test");
        assertThat(t.judge("p", l -> candidate(7, l), null).verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(limitsTried).containsExactly(6000L);
    }
}
