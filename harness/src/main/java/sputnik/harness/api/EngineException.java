package sputnik.harness.api;

/**
 * A request that did not produce a completion (network failure, server error, timeout). The runner
 * records it as an error, never as a wrong answer, and a resumed run tries the sample again.
 */
public class EngineException extends Exception {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
