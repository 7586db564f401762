package sputnik.harness.api;

/**
 * Latency of one request as the engine measured it, in milliseconds. {@code ttftMs} is the time to the
 * first token of any kind (reasoning included); {@code tpotMs} is (e2e - ttft) / (output tokens - 1),
 * the mean time per output token after the first, or null when there was at most one token.
 */
public record Timings(double ttftMs, double e2eMs, Double tpotMs) {
    public static Timings of(double ttftMs, double e2eMs, int outputTokens) {
        Double tpot = outputTokens > 1 ? (e2eMs - ttftMs) / (outputTokens - 1) : null;
        return new Timings(ttftMs, e2eMs, tpot);
    }
}
