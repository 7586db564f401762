package sputnik.engines.openai.client;

import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Timings;
import sputnik.harness.metrics.Distribution;

/**
 * One finished request as the client saw it: the text, the token counts, and the raw timings from
 * which {@link Timings} derive. Times are milliseconds from the moment the request was sent.
 *
 * @param ttftMs       first chunk that carried text of any kind (reasoning included); for a
 *                     non-streamed request, the whole request
 * @param ttftAnswerMs first chunk that carried answer text (after the reasoning); null when the answer
 *                     was empty or the request was not streamed
 * @param itlMs        gaps between successive text-carrying chunks (empty when not streamed)
 * @param streamed     whether the timings come from a stream
 */
public record Generation(
        String text,
        String reasoning,
        FinishReason finishReason,
        int promptTokens,
        int completionTokens,
        boolean tokensEstimated,
        double ttftMs,
        Double ttftAnswerMs,
        double e2eMs,
        double[] itlMs,
        boolean streamed) {

    /** TPOT = (e2e - ttft) / (output tokens - 1); null when not streamed (no first-token time) or at most one token. */
    public Double tpotMs() {
        return streamed ? Timings.tpot(ttftMs, e2eMs, completionTokens) : null;
    }

    Timings timings() {
        Timings.Itl itl = null;
        if (itlMs.length > 0) {
            Distribution d = Distribution.of(itlMs);
            itl = new Timings.Itl(d.count(), d.mean(), d.p50(), d.p90(), d.p99(), d.max());
        }
        return new Timings(ttftMs, e2eMs, tpotMs(), ttftAnswerMs, itl);
    }

    public Completion completion() {
        return new Completion(text, reasoning, finishReason, promptTokens, completionTokens, timings(), tokensEstimated);
    }

    /** The documented fallback when a server sends no usage: one token per 4 characters, rounded up. */
    static int estimateTokens(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
    }
}
