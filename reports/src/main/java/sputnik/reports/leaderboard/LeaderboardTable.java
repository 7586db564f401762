package sputnik.reports.leaderboard;

import java.util.ArrayList;
import java.util.List;
import sputnik.reports.format.Format;

/**
 * A problem-set table as display cells (percentages, thousands separators, dollar signs), shared by
 * the Markdown and HTML writers. CSV and JSON carry plain numbers instead ({@link LeaderboardCsv}).
 * Columns are merged where one reads them together (model with engine, TTFT with TPOT) so that the HTML
 * table fits a 1280-pixel window.
 */
final class LeaderboardTable {
    static final List<String> HEADER = List.of("rank", "model (engine)", "coverage", "pass@1", "95% CI", "cons@k", "mean output tokens",
            "TTFT / TPOT ms", "output tok/s", "cost basis", "$/1M output", "run cost", "$/solved", "pass@1 per $", "run");

    /**
     * HTML classes per column: "num" for single numbers (right-aligned, never broken inside), "path" for
     * model names and run directories (may break anywhere: they are long and have no spaces).
     */
    static final List<String> HTML_CLASSES = List.of("", "path", "", "num", "", "", "num", "", "num", "", "num", "num", "num", "num", "path");

    static final String INCOMPLETE = "incomplete";

    private LeaderboardTable() {}

    static List<List<String>> rows(ProblemSetTable table) {
        List<List<String>> out = new ArrayList<>();
        for (LeaderboardRow r : table.rows()) {
            var c = r.cost();
            String rank = r.rank() == null ? INCOMPLETE : (r.tiedWithAbove() ? "≈" : "") + r.rank() + (r.paretoOptimal() ? " *" : "");
            out.add(List.of(
                    rank, r.model() + " (" + r.engine() + ")", r.coverage().label(),
                    Format.pct(r.passAt1()), Format.pct(r.ciLow()) + " to " + Format.pct(r.ciHigh()),
                    r.consAtK() == null ? "-" : "cons@" + r.consK() + " " + Format.pct(r.consAtK()),
                    Format.num(r.meanOutputTokens()),
                    (r.ttftMs() == null ? "-" : Format.num(r.ttftMs())) + " / " + (r.tpotMs() == null ? "-" : Format.num(r.tpotMs())),
                    Format.num(r.outputTokensPerSecond()), c == null ? "-" : c.basis(), c == null ? "-" : Format.money(c.usdPer1mOutput()),
                    c == null ? "-" : Format.money(c.runUsd()), c == null ? "-" : Format.money(c.usdPerSolved()),
                    c == null ? "-" : Format.num(c.accuracyPerUsd()), r.run()));
        }
        return out;
    }

    static final String LEGEND = "Only complete runs are ranked (coverage: problems x samples done of planned). ≈: its 95% interval overlaps "
            + "the row above (order not established); *: Pareto-optimal (no run of the table is both at least as accurate and cheaper per "
            + "solved problem); incomplete: listed with --include-incomplete, not ranked, its scores cover only what was finished. "
            + "Costs carry their inputs in leaderboard.json.";

    /** Runs left out, as one sentence, or null. */
    static String leftOut(Leaderboard.Board board) {
        if (board.leftOut().isEmpty()) return null;
        List<String> runs = board.leftOut().stream().map(l -> l.run() + " (" + l.reason() + ": " + l.coverage() + ")").toList();
        boolean anyIncomplete = board.leftOut().stream().anyMatch(Leaderboard.LeftOut::incomplete);
        return "Left out: " + String.join(", ", runs) + "." + (anyIncomplete
                ? " Finish them (run their commands again), or pass --include-incomplete to list them unranked." : "");
    }
}
