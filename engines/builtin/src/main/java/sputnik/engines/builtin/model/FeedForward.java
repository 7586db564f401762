package sputnik.engines.builtin.model;

import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.MatVec;

/** One layer's feed-forward block (dense SwiGLU or Mixture-of-Experts): weights shared, buffers per session. */
public interface FeedForward {
    /** The RMSNorm gain applied to the block's input. */
    float[] norm();

    /** A runner with its own buffers, computing on {@code matvec}'s pool; one per session (not thread-safe). */
    Runner runner(MatVec matvec);

    /** Bytes of weights one token reads (for a MoE block: the router and the selected experts). */
    long activeWeightBytes();

    /** Bytes of all the block's weights. */
    long totalWeightBytes();

    interface Runner {
        /** {@code out[outOffset ..] = FFN(x)} for the normalised input {@code x}; allocates nothing. */
        void forward(Activation x, float[] out, int outOffset);
    }
}
