package sputnik.engines.builtin.engine;

import java.util.Arrays;
import sputnik.engines.builtin.sampling.Sampler;
import sputnik.engines.builtin.tokenizer.TokenDecoder;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.api.FinishReason;

/**
 * One generation followed token by token: each time its next-token logits are ready, {@link #accept} checks them,
 * draws a token with the sequence's own sampler (its own seed, so the draw never depends on other sequences), turns
 * it into text and decides whether generation ends: an end-of-generation token (unless {@code ignoreEos}), a stop
 * string (the text is cut before it), {@code maxTokens}, or a full context.
 */
final class Decoding {
    private final Tokenizer tokenizer;
    private final Generator.Options options;
    private final Generator.Listener listener;
    private final int vocab, promptTokens, maxContext, maxStop;
    private final Sampler sampler;
    private final int[] biasIds;
    private final float[] biasValues;
    private final TokenDecoder decoder;
    private final StringBuilder text = new StringBuilder();
    private final Generator.TokenLogprobs[] promptLogprobs; // [position]: the prompt token there given those before; null when not asked
    private int[] out;
    private int n;
    private FinishReason finish;

    Decoding(Tokenizer tokenizer, int vocab, int promptTokens, int maxContext, Generator.Options options, Generator.Listener listener) {
        this.tokenizer = tokenizer;
        this.options = options;
        this.listener = listener;
        this.vocab = vocab;
        this.promptTokens = promptTokens;
        this.maxContext = maxContext;
        this.sampler = new Sampler(vocab, options.sampling(), options.seed());
        this.decoder = tokenizer.decoder(false);
        int longest = 0;
        for (String s : options.stop()) longest = Math.max(longest, s.length());
        this.maxStop = longest;
        this.out = new int[Math.min(options.maxTokens(), 1024)];
        this.promptLogprobs = options.promptLogprobs() >= 0 ? new Generator.TokenLogprobs[promptTokens] : null;
        this.biasIds = new int[options.logitBias().size()];
        this.biasValues = new float[biasIds.length];
        int b = 0;
        for (var e : new java.util.TreeMap<>(options.logitBias()).entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= vocab) throw new IllegalArgumentException("logit bias for token " + e.getKey() + ", outside the vocabulary of " + vocab);
            biasIds[b] = e.getKey();
            biasValues[b++] = e.getValue();
        }
    }

    /**
     * Takes the logits computed at the sequence's last position; true when generation has ended (then {@link #finish}
     * says why), false when {@link #lastToken} must be fed back. A {@link NonFiniteLogitsException} when a logit is NaN
     * or infinite.
     */
    boolean accept(float[] logits) {
        NonFiniteLogitsException.check(logits, promptTokens, n);
        // handed over as it is: the prompt's values are all written before the first draw, and none after it
        if (n == 0 && promptLogprobs != null && listener != null) listener.prompt(promptLogprobs);
        Generator.TokenLogprobs logprobs = null;
        int token;
        if (biasIds.length == 0) {
            token = sampler.sample(logits);
        } else {
            // the pass's logits row is rewritten by the next pass: the bias may go in place, once the log-probabilities have the raw values
            float[] raw = options.logprobs() >= 0 ? logits.clone() : null;
            for (int i = 0; i < biasIds.length; i++) logits[biasIds[i]] += biasValues[i];
            token = sampler.sample(logits);
            if (raw != null) logits = raw;
        }
        if (options.logprobs() >= 0) logprobs = Logprobs.of(logits, vocab, token, options.logprobs());
        if (n == out.length) out = Arrays.copyOf(out, Math.min(options.maxTokens(), out.length * 2));
        out[n++] = token;
        if (!options.ignoreEos() && tokenizer.isEndOfGeneration(token)) return end(FinishReason.STOP);
        String piece = decoder.push(token);
        int before = text.length();
        text.append(piece);
        if (listener != null) listener.token(token, piece, logprobs);
        if (maxStop > 0 && Generator.cutAtStop(text, Math.max(0, before - maxStop + 1), options.stop())) return end(FinishReason.STOP);
        // the token drawn goes at position promptTokens + n - 1: it must fit, and so must the one after it to be drawn
        if (n == options.maxTokens() || promptTokens + n >= maxContext) return end(FinishReason.LENGTH);
        return false;
    }

    private boolean end(FinishReason reason) {
        finish = reason;
        String rest = decoder.flush();
        if (!rest.isEmpty() && reason != FinishReason.STOP) {
            text.append(rest);
            if (listener != null) listener.token(-1, rest);
        }
        return true;
    }

    /** Whether the prompt's log-probabilities are asked for (then every prompt position but the last wants logits). */
    boolean wantsPromptLogprobs() {
        return promptLogprobs != null;
    }

    /** The logits computed at prompt position {@code position}, which predict {@code next}, the prompt's token after it. */
    void promptLogits(int position, float[] logits, int next) {
        promptLogprobs[position + 1] = Logprobs.of(logits, vocab, next, options.promptLogprobs());
    }

    /** The token drawn last. */
    int lastToken() {
        return out[n - 1];
    }

    /** The {@code i}-th token drawn. */
    int token(int i) {
        return out[i];
    }

    /** Tokens drawn so far. */
    int generated() {
        return n;
    }

    FinishReason finish() {
        return finish;
    }

    Generator.Result result(long start, long prefillEnd, long firstToken, long end) {
        return new Generator.Result(promptTokens, Arrays.copyOf(out, n), text.toString(), finish, start, prefillEnd, firstToken, end);
    }
}
