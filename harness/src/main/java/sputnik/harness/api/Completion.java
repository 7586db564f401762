package sputnik.harness.api;

/**
 * What an engine returned for one request. {@code reasoning} is the thinking text when the engine
 * separates it (null otherwise; then any {@code <think>} block is still inside {@code text}). Token
 * counts are the engine's own; {@code completionTokens} includes reasoning tokens.
 */
public record Completion(
        String text, String reasoning, FinishReason finishReason, int promptTokens, int completionTokens, Timings timings) {

    public Completion {
        if (text == null) text = "";
        if (finishReason == null) finishReason = FinishReason.UNKNOWN;
    }

    public boolean truncated() {
        return finishReason == FinishReason.LENGTH;
    }
}
