package sputnik.reports.leaderboard;

import sputnik.reports.cost.CostModel;

/**
 * One run on the leaderboard. {@code tiedWithAbove} marks a row whose pass@1 interval overlaps the
 * interval of the row above it (same suite): their order is not established by the data.
 */
public record LeaderboardRow(
        String run,
        String suite,
        String model,
        String engine,
        int problems,
        int samplesPerProblem,
        double passAt1,
        double ciLow,
        double ciHigh,
        Integer consK,
        Double consAtK,
        double meanOutputTokens,
        Double ttftMs,
        Double tpotMs,
        double outputTokensPerSecond,
        CostModel.Cost cost,
        boolean tiedWithAbove,
        boolean paretoOptimal) {}
