package sputnik.harness.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Latency of one request as the engine measured it, in milliseconds. {@code ttftMs} is the time to the
 * first token of any kind (reasoning included); {@code tpotMs} is (e2e - ttft) / (output tokens - 1),
 * the mean time per output token after the first, or null when there was at most one token.
 *
 * <p>Streaming engines may add {@code ttftAnswerMs}, the time to the first token of the answer (after
 * the reasoning), and {@code itlMs}, the inter-token latencies: the gaps between successive streamed
 * chunks that carried text. Both are null (and left out of samples.jsonl) when not measured.
 */
public record Timings(
        double ttftMs,
        double e2eMs,
        Double tpotMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double ttftAnswerMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Itl itlMs) {

    public Timings(double ttftMs, double e2eMs, Double tpotMs) {
        this(ttftMs, e2eMs, tpotMs, null, null);
    }

    public static Timings of(double ttftMs, double e2eMs, int outputTokens) {
        return new Timings(ttftMs, e2eMs, tpot(ttftMs, e2eMs, outputTokens));
    }

    /** (e2e - ttft) / (output tokens - 1), or null when there was at most one token. */
    public static Double tpot(double ttftMs, double e2eMs, int outputTokens) {
        return outputTokens > 1 ? (e2eMs - ttftMs) / (outputTokens - 1) : null;
    }

    /**
     * Inter-token latencies of one request: how many gaps, their mean and order statistics
     * (percentiles interpolated linearly, as NumPy's default).
     */
    public record Itl(int count, double mean, double p50, double p90, double p99, double max) {}
}
