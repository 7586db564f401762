package sputnik.engines.builtin.engine;

/**
 * Log-probabilities from next-token logits: the log-softmax of the raw logits (log p = logit - logsumexp, summed in
 * double), for the drawn token and the {@code top} most probable tokens. Computed only when a request asks for them:
 * one pass over the vocabulary for the sum and one for the top tokens.
 */
final class Logprobs {
    private Logprobs() {}

    static Generator.TokenLogprobs of(float[] logits, int vocab, int token, int top) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < vocab; i++) sum += Math.exp(logits[i] - max);
        double logSum = max + Math.log(sum);
        int[] ids = topIds(logits, vocab, Math.min(top, vocab));
        float[] lps = new float[ids.length];
        for (int i = 0; i < ids.length; i++) lps[i] = (float) (logits[ids[i]] - logSum);
        return new Generator.TokenLogprobs((float) (logits[token] - logSum), ids, lps);
    }

    /** The k largest logits' ids, largest first, ties to the lower id (insertion into a short sorted list). */
    static int[] topIds(float[] logits, int vocab, int k) {
        int[] ids = new int[k];
        int n = 0;
        for (int i = 0; i < vocab && k > 0; i++) {
            float v = logits[i];
            if (n == k && !(v > logits[ids[k - 1]])) continue;
            int at = n < k ? n++ : k - 1;
            while (at > 0 && v > logits[ids[at - 1]]) {
                ids[at] = ids[at - 1];
                at--;
            }
            ids[at] = i;
        }
        return ids;
    }
}
