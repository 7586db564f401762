package sputnik.reports.leaderboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.report.RunReport;
import sputnik.harness.report.RunReports;
import sputnik.harness.util.AtomicFiles;
import sputnik.reports.cost.PriceBook;

@Command(
        name = "leaderboard",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Rank runs: one table per suite and problem set (runs over other problems are not ranked against each other), one",
            "row per run with its coverage (problems x samples done of planned), pass@1 and its interval, cons@k, output tokens,",
            "latency, throughput and cost; ties by overlapping intervals marked. Only complete runs are ranked; incomplete ones",
            "are left out and named, or listed unranked with --include-incomplete. Writes leaderboard.md, .html, .csv, .json",
            "and an accuracy-vs-cost chart with the Pareto frontier. Runs whose model an API price names are priced per token;",
            "others by --hardware and --devices (e.g. a local server), or not at all."
        },
        footer = {"", "Example:", "  sputnik leaderboard runs/* --out leaderboard --hardware H100 --devices 2"})
public final class LeaderboardCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run directories to rank.")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the leaderboard files.")
    Path out;

    @CommandLine.Mixin
    PricingOptions pricingOptions;

    @Option(names = "--include-incomplete",
            description = "List runs with samples still missing after the ranked runs of their problem set, marked incomplete and unranked (default: left out).")
    boolean includeIncomplete;

    @Override
    public Integer call() throws Exception {
        PriceBook book = pricingOptions.book(spec.commandLine());
        List<RunReport> reports = new ArrayList<>();
        for (Path r : runs) reports.add(RunReports.load(r));
        Leaderboard.Board board = Leaderboard.build(reports, pricingOptions.pricing(book), includeIncomplete);
        String note = pricingOptions.note(book);
        Files.createDirectories(out);
        byte[] chart = LeaderboardWriters.chart(board);
        String md = LeaderboardWriters.markdown(board, note);
        AtomicFiles.write(out.resolve("leaderboard.md"), md);
        AtomicFiles.write(out.resolve("leaderboard.html"), LeaderboardWriters.html(board, chart, note));
        AtomicFiles.write(out.resolve("leaderboard.csv"), LeaderboardCsv.write(board));
        AtomicFiles.write(out.resolve("leaderboard.json"), LeaderboardWriters.json(board, book, note));
        if (chart != null) AtomicFiles.write(out.resolve("leaderboard.png"), chart);
        spec.commandLine().getOut().print(md);
        spec.commandLine().getOut().flush();
        var err = spec.commandLine().getErr();
        err.println("sputnik: wrote leaderboard.md, .html, .csv, .json" + (chart != null ? ", .png" : "") + " in " + out);
        LeaderboardCommand.tellLeftOut(board, err);
        return 0;
    }

    /** Says on stderr which runs the board left out and why, and which it listed unranked. */
    public static void tellLeftOut(Leaderboard.Board board, java.io.PrintWriter err) {
        List<Leaderboard.LeftOut> incomplete = board.leftOut().stream().filter(Leaderboard.LeftOut::incomplete).toList();
        if (!incomplete.isEmpty()) {
            err.println("sputnik: left out " + incomplete.size() + " incomplete run" + (incomplete.size() == 1 ? "" : "s") + ": "
                    + String.join(", ", incomplete.stream().map(l -> l.run() + " (" + l.coverage() + ")").toList())
                    + "; finish " + (incomplete.size() == 1 ? "it" : "them") + " or pass --include-incomplete to list "
                    + (incomplete.size() == 1 ? "it" : "them") + " unranked");
        }
        board.leftOut().stream().filter(l -> !l.incomplete())
                .forEach(l -> err.println("sputnik: left out " + l.run() + ": " + l.reason()));
        long unranked = board.rows().stream().filter(r -> r.rank() == null).count();
        if (unranked > 0) err.println("sputnik: listed " + unranked + " incomplete run" + (unranked == 1 ? "" : "s") + " unranked (--include-incomplete)");
    }
}
