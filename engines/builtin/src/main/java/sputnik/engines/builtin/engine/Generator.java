package sputnik.engines.builtin.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import sputnik.engines.builtin.sampling.Sampler;
import sputnik.harness.api.FinishReason;

/**
 * What a generation is asked ({@link Options}) and what it produced ({@link Result}); {@link Scheduler} runs them,
 * many at once, and {@link Decoding} follows each one token by token.
 */
public final class Generator {
    private Generator() {}

    /**
     * Receives each generated token and the text it completes (possibly empty), as it is generated, on the scheduler's
     * thread: it must not block (a server hands the pieces to the request's own thread). An end-of-generation token
     * that ends the generation adds no text and is not reported; the decoder's last bytes come as token -1.
     */
    @FunctionalInterface
    public interface Listener {
        void token(int id, String text);

        /** The same, with the token's log-probabilities when {@link Options#logprobs} asked for them (else null). */
        default void token(int id, String text, TokenLogprobs logprobs) {
            token(id, text);
        }

        /**
         * With {@link Options#promptLogprobs}: before the first token, each prompt token's log-probability given the
         * tokens before it ({@code logprobs[0]} is null: the first token has no context).
         */
        default void prompt(TokenLogprobs[] logprobs) {}
    }

    /**
     * A drawn token's log-probability under the model's next-token distribution (the log-softmax of the raw logits,
     * before temperature, top-k, top-p or min-p, as vLLM reports by default), and the {@code top} most probable tokens
     * with theirs, most probable first (ties to the lower id).
     */
    public record TokenLogprobs(float logprob, int[] topIds, float[] topLogprobs) {}

    /** Most alternatives a token's log-probabilities may list (OpenAI's and vLLM's limit for chat is 20). */
    public static final int MAX_TOP_LOGPROBS = 20;

    /** Prompt tokens per forward pass when their log-probabilities are asked for: each needs a vocabulary's worth of logits. */
    public static final int PROMPT_LOGPROBS_CHUNK = 32;

    /**
     * @param stop strings that end generation where they first appear (the text is cut before them)
     * @param logprobs -1 for none; else each token's log-probability and this many alternatives (0..{@link #MAX_TOP_LOGPROBS})
     * @param logitBias added to the logits of these token ids before each draw (OpenAI's {@code logit_bias}; -100 all but
     *                  bans a token, negative infinity bans it), after the log-probabilities are taken
     * @param promptLogprobs -1 for none; else the log-probability of every prompt token after the first, given those before
     *                  it, with this many alternatives ({@link Listener#prompt}). The prompt is then computed in full (its
     *                  positions are not taken from the prefix cache), in chunks of {@link #PROMPT_LOGPROBS_CHUNK} tokens.
     */
    public record Options(int maxTokens, boolean ignoreEos, List<String> stop, Sampler.Settings sampling, long seed, int logprobs,
                          Map<Integer, Float> logitBias, int promptLogprobs) {
        public Options {
            if (maxTokens < 1) throw new IllegalArgumentException("max tokens must be >= 1, got " + maxTokens);
            stop = List.copyOf(stop);
            Objects.requireNonNull(sampling, "sampling");
            if (logprobs < -1 || logprobs > MAX_TOP_LOGPROBS) throw new IllegalArgumentException("logprobs must be in -1.." + MAX_TOP_LOGPROBS + ", got " + logprobs);
            logitBias = Map.copyOf(logitBias);
            if (promptLogprobs < -1 || promptLogprobs > MAX_TOP_LOGPROBS) {
                throw new IllegalArgumentException("prompt logprobs must be in -1.." + MAX_TOP_LOGPROBS + ", got " + promptLogprobs);
            }
        }

        public Options(int maxTokens, boolean ignoreEos, List<String> stop, Sampler.Settings sampling, long seed) {
            this(maxTokens, ignoreEos, stop, sampling, seed, -1, Map.of(), -1);
        }
    }

    /**
     * What a generation produced. {@code tokens} are the generated ids (an end-of-generation token that ended it
     * included; it adds no text). Times are {@link System#nanoTime()} readings: {@code start} before the prefill,
     * {@code prefillEnd} when the prompt's logits were ready, {@code firstToken} and {@code end} when the first and
     * the last token were sampled.
     */
    public record Result(int promptTokens, int[] tokens, String text, FinishReason finish, long start, long prefillEnd, long firstToken, long end) {
        /** Prompt tokens per second of prefill. */
        public double prefillTokensPerSecond() {
            return promptTokens / Math.max(1e-9, (prefillEnd - start) / 1e9);
        }

        /**
         * Tokens per second after the first (each needed one forward pass and one draw); NaN with fewer than 2 tokens,
         * when no decode step ran to time.
         */
        public double decodeTokensPerSecond() {
            return tokens.length < 2 ? Double.NaN : (tokens.length - 1) / Math.max(1e-9, (end - firstToken) / 1e9);
        }

        /** Seconds from the request to its first token (queueing and prefill). */
        public double timeToFirstTokenSeconds() {
            return (firstToken - start) / 1e9;
        }
    }

    /** Cuts {@code text} at the first stop string that starts at or after {@code from}; whether one was found. */
    static boolean cutAtStop(StringBuilder text, int from, List<String> stops) {
        int cut = -1;
        for (String s : stops) {
            if (s.isEmpty()) continue;
            int i = text.indexOf(s, from);
            if (i >= 0 && (cut < 0 || i < cut)) cut = i;
        }
        if (cut < 0) return false;
        text.setLength(cut);
        return true;
    }
}
