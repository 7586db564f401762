package sputnik.engines.builtin.tensor;

/**
 * How a Mixture-of-Experts block turns one token's router logits into the experts it runs and their weights in the
 * output, as llama.cpp's {@code build_moe_ffn} does. Immutable and shared; the caller lends the scratch space.
 */
public interface Routing {
    /** Experts each token runs. */
    int topK();

    /**
     * Selects {@code topK()} experts for the logits {@code logits[0 .. experts)} (overwritten) into {@code selected}, in
     * the order their outputs are added, and their weights into {@code weights}. {@code scratch} and {@code intScratch}
     * hold at least {@code 2 * experts} values.
     */
    void route(float[] logits, int experts, float[] scratch, int[] intScratch, int[] selected, float[] weights);


    /**
     * qwen3moe's routing: softmax over all experts, the top k, their probabilities renormalised to sum to 1 when {@code
     * normalize} (sum in double, as ggml's {@code sum_rows}).
     */
    static Routing softmaxTopK(int topK, boolean normalize) {
        if (topK < 1) throw new IllegalArgumentException("top-k must be positive, got " + topK);
        return new Routing() {
            @Override
            public int topK() {
                return topK;
            }

            @Override
            public void route(float[] logits, int experts, float[] scratch, int[] intScratch, int[] selected, float[] weights) {
                VectorMath.softmax(logits, 0, experts);
                TopK.select(logits, 0, experts, topK, selected, weights);
                if (normalize) {
                    double sum = 0;
                    for (int j = 0; j < topK; j++) sum += weights[j];
                    float s = (float) sum;
                    for (int j = 0; j < topK; j++) weights[j] /= s;
                }
            }
        };
    }
}
