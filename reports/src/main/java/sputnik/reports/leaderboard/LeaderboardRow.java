package sputnik.reports.leaderboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import sputnik.reports.cost.CostModel;

/**
 * One run on the leaderboard. {@code rank} is null for an incomplete run (listed with
 * --include-incomplete, never ranked). {@code tiedWithAbove} marks a row whose pass@1 interval
 * overlaps the interval of the ranked row above it: their order is not established by the data.
 *
 * @param problemSet fingerprint of the problems the run planned: only runs with the same one are ranked together
 * @param coverage   how much of its plan the run finished
 */
public record LeaderboardRow(
        String run,
        String suite,
        String problemSet,
        String model,
        String engine,
        Integer rank,
        RunCoverage coverage,
        @JsonProperty("pass_at_1") double passAt1,
        @JsonProperty("pass_at_1_ci_low") double ciLow,
        @JsonProperty("pass_at_1_ci_high") double ciHigh,
        Integer consK,
        Double consAtK,
        double meanOutputTokens,
        @JsonProperty("ttft_ms_mean") Double ttftMs,
        @JsonProperty("tpot_ms_mean") Double tpotMs,
        @JsonProperty("output_tokens_per_s") double outputTokensPerSecond,
        CostModel.Cost cost,
        boolean tiedWithAbove,
        boolean paretoOptimal) {

    /**
     * @param label "problems x samples done of planned", e.g. "200x16 of 200x16", "200x1 of 200x16"
     * @param problemsComplete problems with all their planned samples graded
     */
    public record RunCoverage(String label, boolean complete, int problemsPlanned, int samplesPerProblem, int problemsComplete,
            int problemsStarted, int samplesDone, int samplesPlanned) {}

    /** Repeated beside rank in leaderboard.json, so that a script filtering rows need not look into coverage. */
    @JsonProperty("complete")
    public boolean complete() {
        return coverage.complete();
    }

    LeaderboardRow ranked(Integer newRank, boolean tie, boolean pareto) {
        return new LeaderboardRow(run, suite, problemSet, model, engine, newRank, coverage, passAt1, ciLow, ciHigh, consK, consAtK, meanOutputTokens,
                ttftMs, tpotMs, outputTokensPerSecond, cost, tie, pareto);
    }
}
