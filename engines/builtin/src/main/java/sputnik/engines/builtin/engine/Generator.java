package sputnik.engines.builtin.engine;

import java.util.List;
import java.util.Objects;
import sputnik.engines.builtin.sampling.Sampler;
import sputnik.harness.api.FinishReason;

/**
 * What a generation is asked ({@link Options}) and what it produced ({@link Result}); {@link Scheduler} runs them,
 * many at once, and {@link Decoding} follows each one token by token.
 */
public final class Generator {
    private Generator() {}

    /** Receives each generated token and the text it completes (possibly empty), as it is generated. */
    @FunctionalInterface
    public interface Listener {
        void token(int id, String text);
    }

    /**
     * @param stop strings that end generation where they first appear (the text is cut before them)
     */
    public record Options(int maxTokens, boolean ignoreEos, List<String> stop, Sampler.Settings sampling, long seed) {
        public Options {
            if (maxTokens < 1) throw new IllegalArgumentException("max tokens must be >= 1, got " + maxTokens);
            stop = List.copyOf(stop);
            Objects.requireNonNull(sampling, "sampling");
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
