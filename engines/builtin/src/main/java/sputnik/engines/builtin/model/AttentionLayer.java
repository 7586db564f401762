package sputnik.engines.builtin.model;

import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Rope;

/**
 * One layer's self-attention block: its input RMSNorm gain and its weights. Every layer of a model has the same kind
 * (grouped-query attention for qwen2 and qwen3moe, {@code deepseek2}'s multi-head latent attention), so one runner
 * serves all the layers of a forward pass and its buffers exist once.
 */
public interface AttentionLayer {
    /** The RMSNorm gain applied to the block's input. */
    float[] norm();

    /** Bytes of the block's weight matrices: what one token reads. */
    long weightBytes();

    /**
     * What a cached position of this layer would take in other attention forms, for the reports: null when the cache
     * holds plain keys and values already. {@code bytes} per stored value.
     */
    default String kvComparison(int bytes) {
        return null;
    }

    /**
     * A runner for {@code layers} (all of this one's kind) with buffers for {@code capacity} tokens, computing products on
     * {@code matvec}, attention on {@code attention} and rotating with {@code rope}; not thread-safe.
     */
    Runner runner(AttentionLayer[] layers, MatVec matvec, PagedAttention attention, Rope rope, int capacity);

    interface Runner {
        /**
         * {@code outs[t]} = layer {@code layer}'s attention output (after its output projection) for the normalised inputs
         * {@code xs[t]} of the pass's tokens, whose keys and values it first writes to their sequences' pages.
         */
        void forward(int layer, Activation[] xs, PassTokens tokens, float[][] outs);
    }
}
