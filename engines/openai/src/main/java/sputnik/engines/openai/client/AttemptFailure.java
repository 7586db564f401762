package sputnik.engines.openai.client;

import java.time.Duration;

/**
 * One request attempt that did not produce a completion.
 *
 * @param kind       a short category for counts ("connect", "timeout", "http 429", "stream cut", ...)
 * @param retryable  whether trying again may help (connect errors, timeouts, 408, 409, 429, 5xx, cut streams)
 * @param retryAfter what the server asked us to wait ({@code Retry-After}), or null
 */
public final class AttemptFailure extends Exception {
    private final String kind;
    private final boolean retryable;
    private final transient Duration retryAfter;

    AttemptFailure(String kind, boolean retryable, Duration retryAfter, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    String kind() {
        return kind;
    }

    boolean retryable() {
        return retryable;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
