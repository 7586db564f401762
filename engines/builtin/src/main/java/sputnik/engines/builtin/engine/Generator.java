package sputnik.engines.builtin.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import sputnik.engines.builtin.model.Session;
import sputnik.engines.builtin.sampling.Sampler;
import sputnik.engines.builtin.tokenizer.TokenDecoder;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.api.FinishReason;

/**
 * Prefill then decode: the prompt goes through the model in one {@link Session#prefill}, then tokens are sampled
 * one at a time, each fed back through the KV cache, until an end-of-generation token (unless {@code ignoreEos}),
 * a stop string, {@code maxTokens} or a full context. The forward pass and the sampler allocate nothing per token;
 * turning tokens into text does (a small string per token).
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

        /** Tokens per second after the first (each needed one forward pass and one draw); NaN with fewer than 2 tokens. */
        public double decodeTokensPerSecond() {
            return tokens.length < 2 ? Double.NaN : (tokens.length - 1) / Math.max(1e-9, (end - firstToken) / 1e9);
        }
    }

    /**
     * Generates from {@code prompt} (at least one token) in {@code session}, which is reset first. An {@link
     * IllegalArgumentException} when the prompt does not fit the session's context; a {@link NonFiniteLogitsException}
     * when the model computes a NaN or infinite logit (checked before every draw); an {@link InterruptedException}
     * (checked between tokens) when the thread is interrupted.
     */
    public static Result generate(Session session, Tokenizer tokenizer, int[] prompt, Options options, Listener listener)
            throws InterruptedException {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
        if (prompt.length >= session.maxContext()) {
            throw new IllegalArgumentException("the prompt's " + prompt.length + " tokens leave no room in the context of " + session.maxContext()
                    + " positions");
        }
        Sampler sampler = new Sampler(session.model().hyperparameters().vocab(), options.sampling(), options.seed());
        TokenDecoder decoder = tokenizer.decoder(false);
        StringBuilder text = new StringBuilder();
        int maxStop = 0;
        for (String s : options.stop()) maxStop = Math.max(maxStop, s.length());
        int[] out = new int[Math.min(options.maxTokens(), 1024)];
        int n = 0;

        long start = System.nanoTime();
        session.reset();
        session.reserve(Math.min(session.maxContext(), prompt.length + Math.min(options.maxTokens(), 4096)));
        session.prefill(prompt, 0, prompt.length, true);
        long prefillEnd = System.nanoTime(), first = 0, end;
        FinishReason finish;
        while (true) {
            NonFiniteLogitsException.check(session.logits(), prompt.length, n);
            int token = sampler.sample(session.logits());
            end = System.nanoTime();
            if (n == 0) first = end;
            if (n == out.length) out = Arrays.copyOf(out, Math.min(options.maxTokens(), out.length * 2));
            out[n++] = token;
            if (!options.ignoreEos() && tokenizer.isEndOfGeneration(token)) {
                finish = FinishReason.STOP;
                break;
            }
            String piece = decoder.push(token);
            int before = text.length();
            text.append(piece);
            if (listener != null) listener.token(token, piece);
            if (maxStop > 0 && cutAtStop(text, Math.max(0, before - maxStop + 1), options.stop())) {
                finish = FinishReason.STOP;
                break;
            }
            if (n == options.maxTokens() || session.position() + 1 >= session.maxContext()) { // prompt + output fill the context
                finish = FinishReason.LENGTH;
                break;
            }
            if (Thread.interrupted()) throw new InterruptedException("generation interrupted after " + n + " tokens");
            session.forward(token, true);
        }
        String rest = decoder.flush();
        if (!rest.isEmpty() && finish != FinishReason.STOP) {
            text.append(rest);
            if (listener != null) listener.token(-1, rest);
        }
        return new Result(prompt.length, Arrays.copyOf(out, n), text.toString(), finish, start, prefillEnd, first, end);
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
