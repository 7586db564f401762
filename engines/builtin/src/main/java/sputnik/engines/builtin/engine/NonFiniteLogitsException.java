package sputnik.engines.builtin.engine;

import sputnik.engines.builtin.tensor.VectorMath;

/**
 * The model computed a NaN or an infinite logit. Sampling would turn that into a real-looking token (argmax over NaNs
 * picks token 0, "!", every time) and the harness would grade the garbage as an answer, so generation stops instead.
 * A model's logits are finite whatever the prompt: this happens when weights are damaged (a corrupt download, a bad
 * conversion) or when a tensor type or layout is computed wrongly.
 */
public final class NonFiniteLogitsException extends RuntimeException {
    NonFiniteLogitsException(int promptTokens, int generated, int id, float value) {
        super("the model produced non-finite logits (NaN or infinity) at token "
                + (generated == 0 ? promptTokens + " of the prompt" : generated + " of the generation")
                + " (the logit of token id " + id + " is " + value + "): its weights are likely damaged, or of a type the engine"
                + " computes wrongly; check the file's SHA-256 against its source and download or convert it again (if llama.cpp"
                + " runs it correctly, please report it)");
    }

    /** Throws when {@code logits} (the next token's, after {@code promptTokens} and {@code generated} tokens) hold a NaN or infinity. */
    public static void check(float[] logits, int promptTokens, int generated) {
        int bad = VectorMath.firstNonFinite(logits, 0, logits.length);
        if (bad >= 0) throw new NonFiniteLogitsException(promptTokens, generated, bad, logits[bad]);
    }
}
