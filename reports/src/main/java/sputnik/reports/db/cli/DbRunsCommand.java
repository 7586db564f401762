package sputnik.reports.db.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.reports.db.ResultsDb;
import sputnik.reports.db.ResultsQueries;
import sputnik.reports.db.RunFilter;
import sputnik.reports.db.StoredRun;

@Command(name = "runs", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the indexed runs, newest first, narrowed by suite, model, engine, commit, start date or completeness.",
        footer = {"", "Example:", "  sputnik db runs --suite aime2024 --since 2026-11-01 --complete"})
public final class DbRunsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--suite", paramLabel = "NAME") String suite;
    @Option(names = "--model", paramLabel = "NAME") String model;
    @Option(names = "--engine", paramLabel = "NAME") String engine;
    @Option(names = "--commit", paramLabel = "PREFIX", description = "Runs made at a commit (a prefix of its id).") String commit;
    @Option(names = "--since", paramLabel = "DATE", description = "Runs started at or after this ISO-8601 date or instant, e.g. 2026-11-01.") String since;

    @CommandLine.ArgGroup(exclusive = true)
    Completeness completeness;

    static final class Completeness {
        @Option(names = "--complete", description = "Only complete runs.") boolean complete;
        @Option(names = "--incomplete", description = "Only runs with samples missing.") boolean incomplete;
    }

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N runs (default: ${DEFAULT-VALUE}).") int limit;

    @CommandLine.Mixin
    OutputFormat output;

    @CommandLine.Mixin
    DbOptions dbOptions;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        if (since != null && !since.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since must be an ISO-8601 date such as 2026-11-01, got " + since);
        }
        Boolean complete = completeness == null ? null : completeness.complete ? Boolean.TRUE : Boolean.FALSE;
        ResultsDb db = dbOptions.open();
        List<StoredRun> runs = new ResultsQueries(db).runs(new RunFilter(suite, model, engine, commit, since, complete, limit));
        List<List<String>> shown = new ArrayList<>(), plain = new ArrayList<>();
        for (StoredRun r : runs) {
            shown.add(List.of(r.key(), Cells.text(r.startedAt()), r.suite(), r.model(), r.engine(), Cells.commit(r.gitCommit()), r.coverage(),
                    Cells.pct(r.passAt1()), Cells.interval(r.ciLow(), r.ciHigh()), r.dir()));
            plain.add(List.of(r.key(), Cells.text(r.startedAt()), r.suite(), r.model(), r.engine(), Cells.text(r.gitCommit()), r.coverage(),
                    String.valueOf(r.complete()), String.valueOf(r.samples()), Cells.plain(r.passAt1()), Cells.plain(r.ciLow()), Cells.plain(r.ciHigh()), r.dir()));
        }
        output.print(spec.commandLine().getOut(), output.table()
                ? List.of("key", "started", "suite", "model", "engine", "commit", "coverage", "pass@1", "95% CI", "run")
                : List.of("key", "started_at", "suite", "model", "engine", "git_commit", "coverage", "complete", "samples", "pass_at_1",
                        "pass_at_1_ci_low", "pass_at_1_ci_high", "run"),
                shown, plain, runs, List.of(false, false, false, false, false, false, false, true, false, false));
        if (output.table()) spec.commandLine().getErr().println("sputnik: " + runs.size() + " run" + (runs.size() == 1 ? "" : "s")
                + (runs.size() == limit ? " (the newest " + limit + "; --limit to see more)" : ""));
        return 0;
    }
}
