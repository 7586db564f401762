package sputnik.harness.api;

/**
 * A model behind an interface: the built-in engine, an HTTP endpoint, a replay file. Implementations
 * must be safe to call from several threads at once (the runner bounds how many) and should return
 * promptly when the calling thread is interrupted (per-request timeout, Ctrl-C).
 */
public interface Engine extends AutoCloseable {

    Completion generate(Request request) throws EngineException, InterruptedException;

    /** The model the engine serves, as recorded in run.json (a name, or a file and its hash). */
    String model();

    /**
     * Called once before any request with the problems the run will ask about. An engine that can tell
     * up front that it cannot answer them (a replay file recorded for another suite) refuses here, with
     * one line naming what does not match, instead of failing every sample. Default: nothing to check.
     */
    default void checkProblems(java.util.List<Problem> problems) throws UsageException {}

    @Override
    default void close() {}
}
