package sputnik.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Timings;
import sputnik.harness.api.Verdict;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.testing.TestSample;
import sputnik.harness.util.Json;

class RunScorerTest {

    private static final Offset<Double> EXACT = within(1e-12);
    private static final Map<String, Object> RUN = Map.of("suite", "arith", "seed", 1234);

    /** {@code correct} correct samples then wrong ones, indices 0..n-1. */
    private static List<SampleRecord> samples(String problem, int n, int correct) {
        List<SampleRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i < correct ? TestSample.of(problem, i).correct("1").build() : TestSample.of(problem, i).wrong("2").build());
        }
        return out;
    }

    @SafeVarargs
    private static List<SampleRecord> concat(List<SampleRecord>... lists) {
        List<SampleRecord> out = new ArrayList<>();
        for (List<SampleRecord> l : lists) out.addAll(l);
        return out;
    }

    /** Three problems, k=4, with 4, 2 and 0 correct samples. */
    private static Summary fourTwoZero() {
        return RunScorer.score(RUN, List.of("p1", "p2", "p3"), 4,
                concat(samples("p1", 4, 4), samples("p2", 4, 2), samples("p3", 4, 0)));
    }

    /** Votes per problem, k=4: a "5"-vs-"7" tie won by the correct "5" (first); "3" then three correct "9"s; no answers. */
    private static Summary votes() {
        List<SampleRecord> r = List.of(
                TestSample.of("tie", 0).correct("5").build(),
                TestSample.of("tie", 1).wrong("7").build(),
                TestSample.of("tie", 2).wrong("7").build(),
                TestSample.of("tie", 3).correct("5").build(),
                TestSample.of("late", 0).wrong("3").build(),
                TestSample.of("late", 1).correct("9").build(),
                TestSample.of("late", 2).correct("9").build(),
                TestSample.of("late", 3).correct("9").build(),
                TestSample.of("silent", 0).noAnswer().build(),
                TestSample.of("silent", 1).noAnswer().build(),
                TestSample.of("silent", 2).noAnswer().build(),
                TestSample.of("silent", 3).noAnswer().build());
        return RunScorer.score(RUN, List.of("tie", "late", "silent"), 4, r);
    }

    private static Summary.ProblemRow row(Summary s, String problemId) {
        return s.perProblem().stream().filter(r -> r.problemId().equals(problemId)).findFirst().orElseThrow();
    }

    @Test
    void theKsASuiteProtocolNamesAreReportedBesideThePowersOfTwo() {
        Summary s = RunScorer.score(java.util.Map.of("metrics", List.of("pass@3", "cons@3", "pass@64")), List.of("p1", "p2"), 4,
                concat(samples("p1", 4, 1), samples("p2", 4, 0)));
        assertThat(s.passAtK()).extracting(Summary.AtK::k).containsExactly(1, 2, 3, 4);
        assertThat(s.consAtK()).extracting(Summary.AtK::k).containsExactly(1, 2, 3, 4);
        // p1: 1 - C(3,3)/C(4,3) = 3/4; p2: 0
        assertThat(s.passAtK().get(2).value()).isCloseTo(0.375, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void passAt1IsTheMeanOverProblemsOfCorrectOverSamples() {
        Summary s = fourTwoZero();

        assertThat(s.passAt1().value()).isCloseTo(0.5, EXACT);
        assertThat(s.perProblem()).extracting(Summary.ProblemRow::passAt1).containsExactly(1.0, 0.5, 0.0);
    }

    @Test
    void passAt1CarriesItsBootstrapIntervalSettings() {
        Summary.Score p = fourTwoZero().passAt1();

        assertThat(p.level()).isEqualTo(Bootstrap.DEFAULT_LEVEL);
        assertThat(p.resamples()).isEqualTo(Bootstrap.DEFAULT_RESAMPLES);
        assertThat(p.seed()).isEqualTo(Bootstrap.DEFAULT_SEED);
        assertThat(p.ciLow()).isBetween(0.0, 0.5);
        assertThat(p.ciHigh()).isBetween(0.5, 1.0);
        Bootstrap.Interval expected = Bootstrap.meanCi(new double[] {1.0, 0.5, 0.0}, 0.95, 10_000, Bootstrap.DEFAULT_SEED);
        assertThat(p.ciLow()).isEqualTo(expected.low());
        assertThat(p.ciHigh()).isEqualTo(expected.high());
    }

    @Test
    void passAtKIsReportedForPowersOfTwoUpToKWithTheUnbiasedEstimator() {
        // p2 (n=4, c=2): pass@2 = 1 - C(2,2)/C(4,2) = 5/6; p1 always passes, p3 never.
        assertThat(fourTwoZero().passAtK()).satisfiesExactly(
                a -> assertThat(a).isEqualTo(new Summary.AtK(1, 0.5)),
                a -> {
                    assertThat(a.k()).isEqualTo(2);
                    assertThat(a.value()).isCloseTo((1 + 5.0 / 6) / 3, EXACT);
                },
                a -> {
                    assertThat(a.k()).isEqualTo(4);
                    assertThat(a.value()).isCloseTo(2.0 / 3, EXACT);
                });
    }

    @Test
    void consAtKVotesOverTheFirstKSamplesWithTiesToTheFirstAnswerAndSilenceAsWrong() {
        // tie:    k=1 "5" ok; k=2 "5"/"7" tie -> "5" ok; k=4 2-2 tie -> "5" ok
        // late:   k=1 "3" x;  k=2 "3"/"9" tie -> "3" x;  k=4 "9" wins 3-1 ok
        // silent: no votes at all -> wrong for every k
        assertThat(votes().consAtK()).satisfiesExactly(
                a -> assertThat(a).isEqualTo(new Summary.AtK(1, 1.0 / 3)),
                a -> assertThat(a).isEqualTo(new Summary.AtK(2, 1.0 / 3)),
                a -> assertThat(a).isEqualTo(new Summary.AtK(4, 2.0 / 3)));
    }

    @Test
    void consAtKUsesSampleIndexOrderNotRecordOrder() {
        List<SampleRecord> r = new ArrayList<>();
        r.add(TestSample.of("late", 3).correct("9").build());
        r.add(TestSample.of("late", 2).correct("9").build());
        r.add(TestSample.of("late", 1).correct("9").build());
        r.add(TestSample.of("late", 0).wrong("3").build());

        Summary s = RunScorer.score(RUN, List.of("late"), 4, r);

        assertThat(s.consAtK()).extracting(Summary.AtK::value).containsExactly(0.0, 0.0, 1.0);
    }

    @Test
    void perProblemRowsHoldMajorityAndAnswerCounts() {
        Summary s = votes();

        Summary.ProblemRow tie = row(s, "tie");
        assertThat(tie.samples()).isEqualTo(4);
        assertThat(tie.correct()).isEqualTo(2);
        assertThat(tie.majority()).isEqualTo("5");
        assertThat(tie.majorityCorrect()).isTrue();
        assertThat(tie.answers()).containsExactly(Map.entry("5", 2), Map.entry("7", 2));

        Summary.ProblemRow late = row(s, "late");
        assertThat(late.majority()).isEqualTo("9");
        assertThat(late.majorityCorrect()).isTrue();
        assertThat(late.answers()).containsExactly(Map.entry("3", 1), Map.entry("9", 3));

        Summary.ProblemRow silent = row(s, "silent");
        assertThat(silent.majority()).isNull();
        assertThat(silent.majorityCorrect()).isFalse();
        assertThat(silent.answers()).isEmpty();
    }

    @Test
    void perProblemRowsFollowScopeOrder() {
        assertThat(votes().perProblem()).extracting(Summary.ProblemRow::problemId).containsExactly("tie", "late", "silent");
    }

    @Test
    void wrongMajorityIsMarkedNotCorrect() {
        List<SampleRecord> r = List.of(
                TestSample.of("p", 0).wrong("8").build(),
                TestSample.of("p", 1).correct("6").build(),
                TestSample.of("p", 2).wrong("8").build());

        Summary.ProblemRow row = RunScorer.score(RUN, List.of("p"), 3, r).perProblem().getFirst();

        assertThat(row.majority()).isEqualTo("8");
        assertThat(row.majorityCorrect()).isFalse();
        assertThat(row.passAt1()).isCloseTo(1.0 / 3, EXACT);
    }

    @Test
    void perProblemRowsAverageCompletionTokensAndCountTruncated() {
        List<SampleRecord> r = List.of(
                TestSample.of("p", 0).correct("1").tokens(10, 100).build(),
                TestSample.of("p", 1).noAnswer().tokens(10, 4096).finish(FinishReason.LENGTH).build(),
                TestSample.of("p", 2).correct("1").tokens(10, 200).build());

        Summary.ProblemRow row = RunScorer.score(RUN, List.of("p"), 3, r).perProblem().getFirst();

        assertThat(row.meanCompletionTokens()).isCloseTo((100 + 4096 + 200) / 3.0, EXACT);
        assertThat(row.truncated()).isEqualTo(1);
    }

    @Test
    void countsOfACompleteRun() {
        Summary.Counts c = fourTwoZero().counts();

        assertThat(c).isEqualTo(new Summary.Counts(3, 3, 4, 12, 12, 0, true, 0, 0, 0, 0));
    }

    @Test
    void countsOfAnIncompleteRun() {
        // p1 has 3 of 3 samples, p2 1 of 3, p3 none yet.
        List<SampleRecord> r = concat(samples("p1", 3, 1), samples("p2", 1, 1));

        Summary.Counts c = RunScorer.score(RUN, List.of("p1", "p2", "p3"), 3, r).counts();

        assertThat(c.problems()).isEqualTo(3);
        assertThat(c.problemsScored()).isEqualTo(2);
        assertThat(c.samplesPerProblem()).isEqualTo(3);
        assertThat(c.samplesExpected()).isEqualTo(9);
        assertThat(c.samplesDone()).isEqualTo(4);
        assertThat(c.samplesMissing()).isEqualTo(5);
        assertThat(c.complete()).isFalse();
    }

    @Test
    void truncatedCountsLengthFinishesAndGraderTruncatedFlags() {
        List<SampleRecord> r = List.of(
                TestSample.of("p", 0).correct("1").finish(FinishReason.LENGTH).build(),
                TestSample.of("p", 1).noAnswer().detail(Map.of("truncated", true)).build(),
                TestSample.of("p", 2).correct("1").detail(Map.of("truncated", false)).build(),
                TestSample.of("p", 3).correct("1").finish(FinishReason.UNKNOWN).detail(Map.of("rule", "boxed")).build(),
                TestSample.of("p", 4).correct("1").detail(null).build());

        Summary s = RunScorer.score(RUN, List.of("p"), 5, r);

        assertThat(s.counts().truncated()).isEqualTo(2);
        assertThat(s.perProblem().getFirst().truncated()).isEqualTo(2);
    }

    @Test
    void noAnswerCountsSamplesWithNeitherExtractedAnswerNorVoteKey() {
        List<SampleRecord> r = List.of(
                TestSample.of("p", 0).noAnswer().build(),
                TestSample.of("p", 1).noAnswer().extracted("forty-two").build(), // found but not canonical: an answer
                TestSample.of("p", 2).correct("42").build(),
                TestSample.of("p", 3).noAnswer().build());

        assertThat(RunScorer.score(RUN, List.of("p"), 4, r).counts().noAnswer()).isEqualTo(2);
    }

    @Test
    void verdictsAreCountedByWireName() {
        List<SampleRecord> r = List.of(
                TestSample.of("p", 0).correct("1").build(),
                TestSample.of("p", 1).wrong("2").build(),
                TestSample.of("p", 2).verdict(Verdict.TIMEOUT).build(),
                TestSample.of("p", 3).correct("1").build(),
                TestSample.of("q", 0).verdict(Verdict.SANDBOX_ERROR).build());

        Summary s = RunScorer.score(RUN, List.of("p", "q"), 4, r);

        assertThat(s.verdicts()).containsExactly(
                Map.entry("correct", 2), Map.entry("incorrect", 1), Map.entry("sandbox_error", 1), Map.entry("timeout", 1));
    }

    @Test
    void recordsOutsideTheScopeAreLeftOutOfTheScoresAndCounted() {
        List<SampleRecord> inScope = concat(samples("p1", 2, 1), samples("p2", 2, 2));
        List<SampleRecord> withStrays = new ArrayList<>(inScope);
        withStrays.add(TestSample.of("unknown", 0).correct("1").build());
        withStrays.add(TestSample.of("p1", 2).correct("1").build()); // index >= k
        withStrays.add(TestSample.of("p1", 7).correct("1").build());

        Summary expected = RunScorer.score(RUN, List.of("p1", "p2"), 2, inScope);
        Summary actual = RunScorer.score(RUN, List.of("p1", "p2"), 2, withStrays);

        assertThat(actual.passAt1()).isEqualTo(expected.passAt1());
        assertThat(actual.perProblem()).isEqualTo(expected.perProblem());
        assertThat(actual.counts().samplesDone()).isEqualTo(4);
        assertThat(actual.counts().samplesOutsideScope()).isEqualTo(3);
        assertThat(expected.counts().samplesOutsideScope()).isZero();
        assertThat(actual.verdicts()).containsExactly(Map.entry("correct", 3), Map.entry("incorrect", 1));
    }

    @Test
    void problemWithFewerThanKSamplesIsScoredOnItsOwnSamples() {
        // p1: 2 of 4 correct; p2: only 2 samples so far, both correct.
        List<SampleRecord> r = concat(samples("p1", 4, 2), samples("p2", 2, 2));

        Summary s = RunScorer.score(RUN, List.of("p1", "p2"), 4, r);

        assertThat(s.passAt1().value()).isCloseTo((0.5 + 1.0) / 2, EXACT);
        assertThat(row(s, "p2").samples()).isEqualTo(2);
        assertThat(row(s, "p2").passAt1()).isEqualTo(1.0);
        // k is capped by the fewest samples any scored problem has: 2.
        assertThat(s.passAtK()).extracting(Summary.AtK::k).containsExactly(1, 2);
        assertThat(s.passAtK().get(1).value()).isCloseTo((5.0 / 6 + 1.0) / 2, EXACT);
        assertThat(s.consAtK()).extracting(Summary.AtK::k).containsExactly(1, 2);
        assertThat(s.counts().samplesMissing()).isEqualTo(2);
        assertThat(s.counts().complete()).isFalse();
    }

    @Test
    void runWithoutSamplesHasNoScores() {
        Summary s = RunScorer.score(RUN, List.of("p1", "p2"), 4, List.of());

        assertThat(s.passAt1()).isNull();
        assertThat(s.passAtK()).isEmpty();
        assertThat(s.consAtK()).isEmpty();
        assertThat(s.perProblem()).isEmpty();
        assertThat(s.verdicts()).isEmpty();
        assertThat(s.tokens()).isEmpty();
        assertThat(s.latencyMs()).isEmpty();
        assertThat(s.counts()).isEqualTo(new Summary.Counts(2, 0, 4, 8, 0, 8, false, 0, 0, 0, 0));
    }

    @Test
    void tokenAndLatencyDistributionsCoverEveryScoredSample() {
        List<SampleRecord> r = List.of(
                TestSample.of("p", 0).correct("1").tokens(100, 10).timings(Timings.of(5, 15, 10)).build(),
                TestSample.of("p", 1).correct("1").tokens(200, 30).timings(Timings.of(7, 37, 30)).build(),
                TestSample.of("p", 2).correct("1").tokens(300, 1).timings(Timings.of(9, 9, 1)).build());

        Summary s = RunScorer.score(RUN, List.of("p"), 3, r);

        assertThat(s.tokens()).containsOnlyKeys("completion", "prompt");
        assertThat(s.tokens().get("prompt")).isEqualTo(Distribution.of(new double[] {100, 200, 300}));
        assertThat(s.tokens().get("completion")).isEqualTo(Distribution.of(new double[] {10, 30, 1}));
        assertThat(s.latencyMs()).containsOnlyKeys("e2e", "tpot", "ttft");
        assertThat(s.latencyMs().get("ttft").mean()).isCloseTo(7.0, EXACT);
        assertThat(s.latencyMs().get("e2e").max()).isEqualTo(37.0);
        // The one-token sample has no time per output token.
        assertThat(s.latencyMs().get("tpot").count()).isEqualTo(2);
    }

    @Test
    void samplesWithoutTimingsGiveNoLatencies() {
        List<SampleRecord> r = List.of(TestSample.of("p", 0).correct("1").timings(null).build());

        Summary s = RunScorer.score(RUN, List.of("p"), 1, r);

        assertThat(s.latencyMs()).isEmpty();
        assertThat(s.tokens()).containsOnlyKeys("completion", "prompt");
    }

    @Test
    void summaryCarriesTheRunConfigAndDefinitions() {
        Summary s = fourTwoZero();

        assertThat(s.run()).isEqualTo(RUN);
        assertThat(s.definitions()).isEqualTo(RunScorer.DEFINITIONS)
                .containsKeys("pass_at_1", "pass_at_k", "cons_at_k", "latency_ms", "tokens");
    }

    @Test
    void recordOrderDoesNotChangeTheSummary() {
        List<SampleRecord> records = new ArrayList<>();
        records.addAll(concat(samples("p1", 4, 3), samples("p2", 4, 1), samples("p3", 3, 0)));
        records.add(TestSample.of("p4", 0).noAnswer().finish(FinishReason.LENGTH).tokens(50, 4096).build());
        records.add(TestSample.of("p4", 1).correct("1").timings(Timings.of(3.25, 97.5, 40)).build());
        records.add(TestSample.of("p4", 2).wrong("8").timings(null).build());
        records.add(TestSample.of("p4", 3).wrong("8").build());
        records.add(TestSample.of("stray", 0).correct("1").build());
        List<String> scope = List.of("p1", "p2", "p3", "p4", "p5");
        Summary reference = RunScorer.score(RUN, scope, 4, records);

        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<SampleRecord> shuffled = new ArrayList<>(records);
            Collections.shuffle(shuffled, random);
            Summary s = RunScorer.score(RUN, scope, 4, shuffled);
            assertThat(s).isEqualTo(reference);
            assertThat(Json.pretty(s)).isEqualTo(Json.pretty(reference));
        }
    }

    @Test
    void summaryJsonUsesSnakeCaseKeys() {
        String json = Json.pretty(fourTwoZero());

        assertThat(json).contains("\"pass_at_1\"", "\"pass_at_k\"", "\"cons_at_k\"", "\"per_problem\"", "\"samples_missing\"",
                "\"majority_correct\"", "\"latency_ms\"");
    }
}
