package sputnik.harness.api;

/**
 * What an engine returned for one request. {@code reasoning} is the thinking text when the engine
 * separates it (null otherwise; then any {@code <think>} block is still inside {@code text}). Token
 * counts are the engine's own; {@code completionTokens} includes reasoning tokens.
 * {@code tokensEstimated} is true when the engine could not count tokens (an endpoint that sent no
 * usage) and the counts are its estimate.
 */
public record Completion(
        String text, String reasoning, FinishReason finishReason, int promptTokens, int completionTokens, Timings timings,
        boolean tokensEstimated) {

    public Completion(String text, String reasoning, FinishReason finishReason, int promptTokens, int completionTokens, Timings timings) {
        this(text, reasoning, finishReason, promptTokens, completionTokens, timings, false);
    }

    public Completion {
        if (text == null) text = "";
        if (finishReason == null) finishReason = FinishReason.UNKNOWN;
    }

    public boolean truncated() {
        return finishReason == FinishReason.LENGTH;
    }
}
