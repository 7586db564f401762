package sputnik.harness.run;

import java.util.Map;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.GradingContext;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Verdict;

/**
 * {@code run --no-grade}: the run's grader in name and settings (so run.json says which grader the run
 * is for, and a later resume matches it), but every response is recorded {@link Verdict#UNGRADED}, to
 * be graded later and elsewhere ({@code grade RUN_DIR --pending}, or the run's command without
 * --no-grade): generation on GPU nodes and sandboxed grading on CPU nodes scale apart.
 */
public final class DeferredGrading implements Grader {
    private final Grader grader;

    public DeferredGrading(Grader grader) {
        this.grader = grader;
    }

    @Override
    public String name() {
        return grader.name();
    }

    @Override
    public String description() {
        return grader.description();
    }

    @Override
    public Grade grade(Problem problem, Completion completion) {
        return new Grade(Verdict.UNGRADED, null, null, Map.of("deferred", true));
    }

    @Override
    public String ungradable(Problem problem) {
        return grader.ungradable(problem);
    }

    /** Nothing to set up: no sandbox is needed where nothing is graded (a GPU node need not have bubblewrap). */
    @Override
    public void configure(GradingContext context) {}

    /** None: the machine that grades records its own ({@code grade --pending} writes them into run.json). */
    @Override
    public Map<String, Object> settings() {
        return Map.of();
    }

    @Override
    public void close() {
        grader.close();
    }
}
