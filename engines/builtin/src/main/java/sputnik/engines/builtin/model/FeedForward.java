package sputnik.engines.builtin.model;

import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.MatVec;

/** One layer's feed-forward block (dense SwiGLU or Mixture-of-Experts): weights shared, buffers per forward pass. */
public interface FeedForward {
    /** The RMSNorm gain applied to the block's input. */
    float[] norm();

    /** A runner with its own buffers, computing on {@code matvec}'s pool; one per forward pass (not thread-safe). */
    Runner runner(MatVec matvec);

    /** Bytes of weights one token reads (for a MoE block: the router and the selected experts). */
    long activeWeightBytes();

    /** Bytes a pass reads whatever its tokens are: the whole block when dense, the router for MoE. */
    long sharedWeightBytes();

    /** Bytes of one expert (gate, up and down); 0 for a dense block. */
    default long expertBytes() {
        return 0;
    }

    /** Bytes of all the block's weights. */
    long totalWeightBytes();

    interface Runner {
        /**
         * {@code outs[t] = FFN(xs[t])} for the normalised inputs {@code xs[t]}, {@code t < count}: each weight matrix read
         * once for all of them, each result what that input alone would give.
         */
        void forward(Activation[] xs, int count, float[][] outs);

        /** Experts the last call ran (0 for a dense block). */
        default int expertsTouched() {
            return 0;
        }

        /** Experts of the block (0 for a dense block) and experts each token is routed to. */
        default int experts() {
            return 0;
        }

        default int expertsPerToken() {
            return 0;
        }

        /** Adds to {@code load[e]} the tokens the last call routed to expert {@code e}; nothing for a dense block. */
        default void addExpertLoad(long[] load) {}
    }
}
