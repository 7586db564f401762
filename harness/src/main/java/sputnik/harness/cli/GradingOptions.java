package sputnik.harness.cli;

import picocli.CommandLine.Option;
import sputnik.harness.api.Grader;
import sputnik.harness.api.GradingContext;
import sputnik.harness.api.UsageException;

/** How grading runs: shared by the commands that grade. */
final class GradingOptions {
    @Option(names = "--grade-workers", paramLabel = "N",
            description = "Gradings at once; code graders run one sandbox each (default: the number of cores).")
    Integer workers;

    @Option(names = "--unsafe-no-sandbox",
            description = "Where no sandbox (bubblewrap) can run, run model-written code WITHOUT isolation. "
                    + "Only on a throw-away machine; run.json and the reports say so.")
    boolean unsafeNoSandbox;

    GradingContext context() throws UsageException {
        if (workers != null && workers < 1) throw new UsageException("--grade-workers must be at least 1, got " + workers);
        return new GradingContext(workers != null ? workers : Runtime.getRuntime().availableProcessors(), unsafeNoSandbox);
    }

    /** Configures the grader; if that fails the grader is closed before the error goes up. */
    Grader configure(Grader g) throws UsageException {
        try {
            g.configure(context());
            return g;
        } catch (UsageException | RuntimeException e) {
            g.close();
            throw e;
        }
    }
}
