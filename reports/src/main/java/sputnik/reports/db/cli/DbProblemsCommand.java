package sputnik.reports.db.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.harness.api.UsageException;
import sputnik.reports.db.ProblemStat;
import sputnik.reports.db.ResultsDb;
import sputnik.reports.db.ResultsQueries;

@Command(name = "problems", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Each problem of a suite across the indexed models, hardest first: its solve rate (the mean over models of each",
            "model's pass@1 on it, so a model run many times counts once), how many models ever and always solve it, and the best.",
            "Only complete runs count unless --include-incomplete."},
        footer = {"", "Example:", "  sputnik db problems --suite math500 --limit 20"})
public final class DbProblemsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--suite", required = true, paramLabel = "NAME", description = "The suite.")
    String suite;

    @Option(names = "--limit", paramLabel = "N", description = "Only the N hardest problems.")
    Integer limit;

    @Option(names = "--include-incomplete", description = "Also count runs with samples missing.")
    boolean includeIncomplete;

    @CommandLine.Mixin
    OutputFormat output;

    @CommandLine.Mixin
    DbOptions dbOptions;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        ResultsDb db = dbOptions.open();
        List<ProblemStat> all = new ResultsQueries(db).problems(suite, includeIncomplete);
        if (all.isEmpty()) {
            throw new UsageException("no " + (includeIncomplete ? "" : "complete ") + "runs of suite " + suite + " in " + db.location().display()
                    + (includeIncomplete ? "" : "; pass --include-incomplete to count unfinished runs"));
        }
        List<ProblemStat> ps = limit == null ? all : all.subList(0, Math.min(limit, all.size()));
        List<List<String>> shown = new ArrayList<>(), plain = new ArrayList<>();
        int rank = 0;
        for (ProblemStat p : ps) {
            rank++;
            shown.add(List.of(String.valueOf(rank), p.problemId(), Cells.pct(p.solveRate()), p.modelsSolving() + "/" + p.models(),
                    p.modelsAlways() + "/" + p.models(), String.valueOf(p.runs()), p.correct() + "/" + p.samples(),
                    p.best().isEmpty() ? "none" : String.join(", ", p.best())));
            plain.add(List.of(String.valueOf(rank), p.problemId(), Cells.plain(p.solveRate()), String.valueOf(p.modelsSolving()),
                    String.valueOf(p.modelsAlways()), String.valueOf(p.models()), String.valueOf(p.runs()), String.valueOf(p.correct()),
                    String.valueOf(p.samples()), String.join(" ", p.best())));
        }
        output.print(spec.commandLine().getOut(), output.table()
                ? List.of("#", "problem", "solve rate", "models solving", "models always", "runs", "correct samples", "best")
                : List.of("rank", "problem_id", "solve_rate", "models_solving", "models_always", "models", "runs", "correct", "samples", "best"),
                shown, plain, ps, List.of(true, false, true, true, true, true, true, false));
        if (output.table()) {
            spec.commandLine().getErr().println("sputnik: " + all.size() + " problems of " + suite + "; solve rate = mean over models of each model's pass@1"
                    + (limit != null && limit < all.size() ? "; showing the " + limit + " hardest" : ""));
        }
        return 0;
    }
}
