package sputnik.reports.db.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.api.UsageException;
import sputnik.reports.db.ResultsDb;
import sputnik.reports.db.RunIndexer;

@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load run directories into the results database: run.json, the scores and every sample (ids, verdicts, extracted",
            "answers, reasons, tokens, timings). Indexing a run again replaces it (a resumed or extended run): never a duplicate."},
        footer = {"", "Example:", "  sputnik db index runs/*"})
public final class DbIndexCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run directories to index.")
    List<Path> runs;

    @Option(names = "--with-text", description = "Also store each sample's response and reasoning text (the database grows with them).")
    boolean withText;

    @CommandLine.Mixin
    DbOptions dbOptions;

    @Override
    public Integer call() throws Exception {
        ResultsDb db = dbOptions.open();
        return indexAll(db, runs, withText, spec.commandLine().getErr());
    }

    /** Indexes each run, saying what it did; a run that fails is named and the others still go in. */
    static int indexAll(ResultsDb db, List<Path> runs, boolean withText, java.io.PrintWriter err) throws Exception {
        int failed = 0;
        long samples = 0, t0 = System.nanoTime();
        for (Path run : runs) {
            try {
                RunIndexer.Indexed i = RunIndexer.index(db, run, withText);
                samples += i.samples();
                if (runs.size() <= 20) {
                    err.println("sputnik: " + (i.replaced() ? "re-indexed " : "indexed ") + run + ": " + i.samples() + " samples, "
                            + (i.complete() ? "complete" : "incomplete") + ", key " + i.runKey());
                }
            } catch (UsageException e) {
                failed++;
                err.println("sputnik: " + e.getMessage());
            }
        }
        err.printf(java.util.Locale.ROOT, "sputnik: indexed %d run%s (%d samples) into %s in %.1f s%s%n", runs.size() - failed,
                runs.size() - failed == 1 ? "" : "s", samples, db.location().display(), (System.nanoTime() - t0) / 1e9,
                failed > 0 ? "; " + failed + " failed (named above)" : "");
        err.flush();
        return failed > 0 ? 1 : 0;
    }
}
