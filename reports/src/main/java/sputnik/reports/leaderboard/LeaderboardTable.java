package sputnik.reports.leaderboard;

import java.util.ArrayList;
import java.util.List;
import sputnik.reports.format.Format;

/** The leaderboard as rows of cells, shared by the Markdown, HTML and CSV writers. */
final class LeaderboardTable {
    static final List<String> HEADER = List.of("rank", "suite", "model", "engine", "pass@1", "95% CI", "cons@k", "mean output tokens",
            "TTFT ms", "TPOT ms", "output tok/s", "cost basis", "$/1M output", "run cost", "$/solved", "pass@1 per $", "run");

    private LeaderboardTable() {}

    static List<List<String>> rows(List<LeaderboardRow> rows) {
        List<List<String>> out = new ArrayList<>();
        int rank = 0;
        String suite = null;
        for (LeaderboardRow r : rows) {
            if (!r.suite().equals(suite)) {
                suite = r.suite();
                rank = 0;
            }
            rank++;
            var c = r.cost();
            out.add(List.of(
                    (r.tiedWithAbove() ? "≈" : "") + rank + (r.paretoOptimal() ? " *" : ""),
                    r.suite(), r.model(), r.engine(), Format.pct(r.passAt1()), Format.pct(r.ciLow()) + " to " + Format.pct(r.ciHigh()),
                    r.consAtK() == null ? "-" : "cons@" + r.consK() + " " + Format.pct(r.consAtK()),
                    Format.num(r.meanOutputTokens()), r.ttftMs() == null ? "-" : Format.num(r.ttftMs()), r.tpotMs() == null ? "-" : Format.num(r.tpotMs()),
                    Format.num(r.outputTokensPerSecond()), c == null ? "-" : c.basis(), c == null ? "-" : Format.money(c.usdPer1mOutput()),
                    c == null ? "-" : Format.money(c.runUsd()), c == null ? "-" : Format.money(c.usdPerSolved()),
                    c == null ? "-" : Format.num(c.accuracyPerUsd()), r.run()));
        }
        return out;
    }

    static final String LEGEND = "≈: its 95% interval overlaps the row above (order not established); *: Pareto-optimal "
            + "(no run of the suite is both at least as accurate and cheaper per solved problem). Costs carry their inputs in leaderboard.json.";
}
