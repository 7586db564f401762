package sputnik.reports.db.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.harness.api.UsageException;
import sputnik.reports.cost.PriceBook;
import sputnik.reports.db.ResultsDb;
import sputnik.reports.db.ResultsQueries;
import sputnik.reports.leaderboard.Leaderboard;
import sputnik.reports.leaderboard.LeaderboardCommand;
import sputnik.reports.leaderboard.LeaderboardCsv;
import sputnik.reports.leaderboard.LeaderboardWriters;
import sputnik.reports.leaderboard.PricingOptions;

@Command(name = "leaderboard", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rank the indexed runs of a suite by the same rules as `sputnik leaderboard`: one table per problem set, complete",
            "runs ranked by pass@1 with ties by overlapping intervals and the accuracy-vs-cost Pareto frontier marked, coverage shown;",
            "incomplete runs left out and named, or listed unranked with --include-incomplete."},
        footer = {"", "Example:", "  sputnik db leaderboard --suite aime2024 --hardware H100"})
public final class DbLeaderboardCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--suite", paramLabel = "NAME", description = "The suite to rank (default: every suite, a table each).")
    String suite;

    @Option(names = "--include-incomplete", description = "List incomplete runs after the ranked runs of their problem set, unranked.")
    boolean includeIncomplete;

    @CommandLine.Mixin
    PricingOptions pricingOptions;

    @CommandLine.Mixin
    OutputFormat output;

    @CommandLine.Mixin
    DbOptions dbOptions;

    @Override
    public Integer call() throws Exception {
        PriceBook book = pricingOptions.book(spec.commandLine());
        ResultsDb db = dbOptions.open();
        var entries = new ResultsQueries(db).leaderboardEntries(suite);
        if (entries.isEmpty()) {
            throw new UsageException("no runs" + (suite != null ? " of suite " + suite : "") + " in " + db.location().display()
                    + "; index some with: sputnik db index RUN_DIR...");
        }
        Leaderboard.Board board = Leaderboard.of(entries, pricingOptions.pricing(book), includeIncomplete);
        String note = pricingOptions.note(book);
        var out = spec.commandLine().getOut();
        switch (output.format) {
            case table -> out.print(LeaderboardWriters.markdown(board, note));
            case csv -> out.print(LeaderboardCsv.write(board));
            case json -> out.print(LeaderboardWriters.json(board, book, note));
        }
        out.flush();
        LeaderboardCommand.tellLeftOut(board, spec.commandLine().getErr());
        return 0;
    }
}
