package sputnik.harness.api;

/**
 * Scores one response against one problem; discovered with {@link java.util.ServiceLoader} and named
 * by suites. Must be thread-safe and deterministic: the same input always gets the same grade.
 *
 * <p>Graders that need resources (code graders start sandboxes) get them in {@link #configure}, called
 * once before the first {@link #grade}, and free them in {@link #close}. A grade of
 * {@link Verdict#SANDBOX_ERROR} says the grader itself failed: the harness keeps the response and
 * grades it again on the next run, and never scores it as the model's failure.
 */
public interface Grader extends AutoCloseable {

    String name();

    /** One line for {@code sputnik graders}. */
    String description();

    Grade grade(Problem problem, Completion completion);

    /**
     * Why this grader cannot grade {@code problem} at all (its reference answer is missing or not of the
     * kind this grader compares, or data the grader needs is missing), or null when it can. The
     * commands ask for every problem before any grading starts, so that a grader that does not fit the
     * data is one usage error naming the problem, not a failure halfway through. Says what is wrong and
     * what to do, without naming where the problem came from (the caller adds that).
     */
    default String ungradable(Problem problem) {
        return null;
    }

    /**
     * Prepares the grader to run as the context says. A grader that cannot run that way (no sandbox
     * and no permission to run code without one) throws a {@link UsageException} saying what to do.
     */
    default void configure(GradingContext context) throws UsageException {}

    /**
     * Settings that may change verdicts (the sandbox, the interpreter and its version, time limits),
     * recorded in run.json; empty for graders that have none. Called after {@link #configure}.
     */
    default java.util.Map<String, Object> settings() {
        return java.util.Map.of();
    }

    /**
     * This grader with the options a suite gives it ({@code grader_options} in a suite file), checked: an
     * option it does not know, or a value out of range, is a {@link UsageException} saying which and what it
     * accepts. Options that can change verdicts show in {@link #settings()}. A grader without options
     * accepts only none.
     */
    default Grader withOptions(java.util.Map<String, Object> options) throws UsageException {
        if (options.isEmpty()) return this;
        throw new UsageException("grader " + name() + " takes no options, got " + String.join(", ", options.keySet()));
    }

    @Override
    default void close() {}
}
