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

    /** Whether the engine generates its answers (false for one that replays recorded ones: no tokens to budget). */
    default boolean generates() {
        return true;
    }

    /**
     * How many different responses the engine has for each problem, when it has a fixed number (a recorded
     * set: one per problem); empty for an engine that generates. A run asks for that many samples by default,
     * rather than the suite's protocol, since more would only repeat them.
     */
    default java.util.OptionalInt samplesPerProblem() {
        return java.util.OptionalInt.empty();
    }

    /**
     * The text this engine feeds its model for {@code prompt}, with its chat template's special tokens
     * ({@code sputnik prompts}); empty for an engine that sends the prompt as it is (an endpoint applies
     * its own template, which Sputnik does not see).
     */
    default java.util.Optional<String> renderPrompt(Prompt prompt) throws EngineException {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {}
}
