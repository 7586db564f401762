package sputnik.harness.api;

/**
 * How graders may run, from {@code --grade-workers} and {@code --unsafe-no-sandbox}. {@code workers}
 * bounds how many gradings run at once (code graders start a sandbox for each); {@code unsafeNoSandbox}
 * lets a code grader run model-written code without isolation when no sandbox is available, which a
 * grader must refuse otherwise.
 */
public record GradingContext(int workers, boolean unsafeNoSandbox) {
    public GradingContext {
        if (workers < 1) throw new IllegalArgumentException("grade workers must be at least 1, got " + workers);
    }

    public static GradingContext defaults() {
        return new GradingContext(Runtime.getRuntime().availableProcessors(), false);
    }
}
