package sputnik.reports.db.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.harness.api.UsageException;
import sputnik.reports.db.ResultsDb;
import sputnik.reports.db.ResultsQueries;
import sputnik.reports.db.StoredRun;

@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A model's score on a suite over time: one row per indexed run, oldest first, with the commit that ran it, pass@1",
            "and its 95% interval, and the run's coverage (an incomplete run's score is over what it finished)."},
        footer = {"", "Example:", "  sputnik db history --model deepseek-r1 --suite aime2024"})
public final class DbHistoryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The model, as run.json records it.")
    String model;

    @Option(names = "--suite", required = true, paramLabel = "NAME", description = "The suite.")
    String suite;

    @CommandLine.Mixin
    OutputFormat output;

    @CommandLine.Mixin
    DbOptions dbOptions;

    @Override
    public Integer call() throws Exception {
        ResultsDb db = dbOptions.open();
        ResultsQueries q = new ResultsQueries(db);
        List<StoredRun> runs = q.history(model, suite);
        if (runs.isEmpty()) {
            List<String> models = q.models(suite);
            throw new UsageException("no runs of model " + model + " on suite " + suite + " in " + db.location().display()
                    + (models.isEmpty() ? "; the suite has no runs" : "; its models: " + String.join(", ", models)));
        }
        List<String> header = List.of("started", "commit", "pass@1", "95% CI", "coverage", "status", "run");
        List<List<String>> shown = new ArrayList<>(), plain = new ArrayList<>();
        for (StoredRun r : runs) {
            shown.add(List.of(Cells.text(r.startedAt()), Cells.commit(r.gitCommit()), Cells.pct(r.passAt1()), Cells.interval(r.ciLow(), r.ciHigh()),
                    r.coverage(), Cells.text(r.status()), r.dir()));
        }
        for (StoredRun r : runs) {
            plain.add(List.of(Cells.text(r.startedAt()), Cells.text(r.gitCommit()), Cells.plain(r.passAt1()), Cells.plain(r.ciLow()),
                    Cells.plain(r.ciHigh()), r.coverage(), String.valueOf(r.complete()), Cells.text(r.status()), r.dir()));
        }
        output.print(spec.commandLine().getOut(), output.table() ? header
                : List.of("started_at", "git_commit", "pass_at_1", "pass_at_1_ci_low", "pass_at_1_ci_high", "coverage", "complete", "status", "run"),
                shown, plain, runs, List.of(false, false, true, true, false, false, false));
        return 0;
    }
}
