package sputnik.reports.leaderboard;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import sputnik.reports.format.Format;

/**
 * leaderboard.csv: one row per run, grouped by suite and problem set, for spreadsheets and scripts.
 * Cells are plain values: numbers without thousands separators, dollar signs or exponents (units in
 * the column names; pass@1 and cons@k as fractions), an empty cell for no value, booleans as
 * true/false. Formatting for people is the Markdown and HTML writers' job.
 */
public final class LeaderboardCsv {
    static final List<String> HEADER = List.of("suite", "problem_set", "rank", "complete", "tied_with_above", "pareto_optimal", "model", "engine",
            "problems_planned", "samples_per_problem", "problems_complete", "samples_done", "samples_planned", "pass_at_1", "pass_at_1_ci_low",
            "pass_at_1_ci_high", "cons_k", "cons_at_k", "mean_output_tokens", "ttft_ms_mean", "tpot_ms_mean", "output_tokens_per_s",
            "cost_basis", "usd_per_1m_output_tokens", "run_usd", "usd_per_solved", "pass_at_1_per_usd", "run");

    private LeaderboardCsv() {}

    public static String write(Leaderboard.Board board) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
            for (ProblemSetTable t : board.tables()) {
                for (LeaderboardRow r : t.rows()) p.printRecord(cells(r));
            }
        }
        return w.toString();
    }

    private static List<String> cells(LeaderboardRow r) {
        var cov = r.coverage();
        var c = r.cost();
        List<String> out = new ArrayList<>(List.of(r.suite(), r.problemSet(), r.rank() == null ? "" : r.rank().toString(),
                String.valueOf(cov.complete()), String.valueOf(r.tiedWithAbove()), String.valueOf(r.paretoOptimal()), r.model(), r.engine(),
                String.valueOf(cov.problemsPlanned()), String.valueOf(cov.samplesPerProblem()), String.valueOf(cov.problemsComplete()),
                String.valueOf(cov.samplesDone()), String.valueOf(cov.samplesPlanned())));
        out.addAll(List.of(Format.plain(r.passAt1()), Format.plain(r.ciLow()), Format.plain(r.ciHigh()),
                r.consK() == null ? "" : r.consK().toString(), Format.plain(r.consAtK()), Format.plain(r.meanOutputTokens()),
                Format.plain(r.ttftMs()), Format.plain(r.tpotMs()), Format.plain(r.outputTokensPerSecond())));
        out.addAll(c == null ? List.of("", "", "", "", "")
                : List.of(c.basis(), Format.plain(c.usdPer1mOutput()), Format.plain(c.runUsd()), Format.plain(c.usdPerSolved()),
                        Format.plain(c.accuracyPerUsd())));
        out.add(r.run());
        return out;
    }
}
