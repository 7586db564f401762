package sputnik.engines.builtin.tensor;

import java.util.Arrays;

/**
 * DeepSeek-V2/V3's routing as llama.cpp's {@code build_moe_ffn} computes it: scores by softmax or sigmoid of the router
 * logits; a selection bias ({@code exp_probs_b}, DeepSeek-V3's load balancing) added to the scores only to choose
 * experts; with expert groups, the {@code groupsUsed} groups whose two best biased scores sum highest, and the top k
 * experts inside them; the weights are the unbiased scores of the chosen experts, divided by their sum (at least
 * 2^-14, ggml's clamp) when {@code normalize}, times {@code scale} when it is neither 0 nor 1.
 *
 * @param sigmoid sigmoid scores ({@code expert_gating_func} 2) rather than softmax (1)
 * @param bias per-expert selection bias, or null
 * @param groups expert groups ({@code expert_group_count}; 0 or 1: no grouping)
 * @param groupsUsed groups a token may use ({@code expert_group_used_count})
 */
public record GroupLimitedRouting(boolean sigmoid, float[] bias, int groups, int groupsUsed, int topK, boolean normalize, float scale) implements Routing {
    /** ggml clamps the sum of the weights to the smallest normal fp16 before dividing by it. */
    private static final float MIN_SUM = 6.103515625e-5f;

    public GroupLimitedRouting {
        if (topK < 1) throw new IllegalArgumentException("top-k must be positive, got " + topK);
        if (groups > 1 && (groupsUsed < 1 || groupsUsed > groups)) {
            throw new IllegalArgumentException("groups used must be in 1.." + groups + ", got " + groupsUsed);
        }
    }

    /** Checks the shape against a block of {@code experts} experts; an IllegalArgumentException saying what does not fit. */
    public void check(int experts) {
        if (topK > experts) throw new IllegalArgumentException("top-k " + topK + " exceeds the " + experts + " experts");
        if (bias != null && bias.length != experts) throw new IllegalArgumentException("a selection bias of " + bias.length + " for " + experts + " experts");
        if (groups > 1) {
            if (experts % groups != 0) throw new IllegalArgumentException(experts + " experts do not split into " + groups + " groups");
            int perGroup = experts / groups;
            if (perGroup < 2) throw new IllegalArgumentException("groups of " + perGroup + " expert: a group's score is the sum of its two best");
            if ((long) groupsUsed * perGroup < topK) {
                throw new IllegalArgumentException(groupsUsed + " groups of " + perGroup + " experts cannot hold the top " + topK);
            }
        }
    }

    @Override
    public void route(float[] logits, int experts, float[] scratch, int[] intScratch, int[] selected, float[] weights) {
        float[] probs = logits;
        if (sigmoid) {
            for (int e = 0; e < experts; e++) probs[e] = 1f / (1f + (float) Math.exp(-probs[e]));
        } else {
            VectorMath.softmax(probs, 0, experts);
        }
        float[] choice = scratch; // biased scores, the groups not chosen masked to -inf
        for (int e = 0; e < experts; e++) choice[e] = bias == null ? probs[e] : probs[e] + bias[e];
        if (groups > 1) maskGroups(choice, experts, scratch, intScratch);
        TopK.select(choice, 0, experts, topK, selected, weights);
        for (int j = 0; j < topK; j++) weights[j] = probs[selected[j]];
        if (normalize) {
            double sum = 0;
            for (int j = 0; j < topK; j++) sum += weights[j];
            float s = Math.max((float) sum, MIN_SUM);
            for (int j = 0; j < topK; j++) weights[j] /= s;
        }
        if (scale != 0f && scale != 1f) for (int j = 0; j < topK; j++) weights[j] *= scale;
    }

    /**
     * Keeps the {@code groupsUsed} groups with the highest sum of their two best scores (ties to the lower group); the
     * others' scores become -inf. Group scores go to {@code scratch[experts ..]}, the chosen flags to {@code intScratch}.
     */
    private void maskGroups(float[] choice, int experts, float[] scratch, int[] intScratch) {
        int perGroup = experts / groups;
        for (int g = 0; g < groups; g++) {
            float best = Float.NEGATIVE_INFINITY, second = Float.NEGATIVE_INFINITY;
            for (int i = g * perGroup; i < (g + 1) * perGroup; i++) {
                float v = choice[i];
                if (v > best) {
                    second = best;
                    best = v;
                } else if (v > second) {
                    second = v;
                }
            }
            scratch[experts + g] = best + second;
        }
        Arrays.fill(intScratch, 0, groups, 0);
        for (int j = 0; j < groupsUsed; j++) {
            int top = -1;
            for (int g = 0; g < groups; g++) {
                if (intScratch[g] == 0 && (top < 0 || scratch[experts + g] > scratch[experts + top])) top = g;
            }
            intScratch[top] = 1;
        }
        for (int g = 0; g < groups; g++) {
            if (intScratch[g] == 0) Arrays.fill(choice, g * perGroup, (g + 1) * perGroup, Float.NEGATIVE_INFINITY);
        }
    }
}
