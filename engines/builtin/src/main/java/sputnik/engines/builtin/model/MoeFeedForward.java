package sputnik.engines.builtin.model;

import java.util.Objects;
import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.ExpertTensor;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Matrix;
import sputnik.engines.builtin.tensor.MoeFfn;
import sputnik.engines.builtin.tensor.Routing;

/**
 * A Mixture-of-Experts feed-forward block: a router, its {@link Routing} (qwen3moe: softmax, top-k, the selected
 * probabilities renormalised; deepseek2: {@link sputnik.engines.builtin.tensor.GroupLimitedRouting}), SwiGLU experts,
 * and optionally shared experts every token runs (deepseek2's {@code ffn_*_shexp}, one SwiGLU block whose output is
 * added); computed by {@link MoeFfn}, which reads only the selected experts.
 *
 * @param shared the shared experts' block (its norm is this block's), or null
 */
public record MoeFeedForward(float[] norm, Matrix router, ExpertTensor gate, ExpertTensor up, ExpertTensor down, Routing routing, DenseFfn shared)
        implements FeedForward {
    public MoeFeedForward {
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(routing, "routing");
    }

    /** qwen3moe's block: softmax routing to the top {@code topK}, renormalised when {@code normalize}, no shared experts. */
    public MoeFeedForward(float[] norm, Matrix router, ExpertTensor gate, ExpertTensor up, ExpertTensor down, int topK, boolean normalize) {
        this(norm, router, gate, up, down, Routing.softmaxTopK(topK, normalize), null);
    }

    public int topK() {
        return routing.topK();
    }

    @Override
    public Runner runner(MatVec matvec) {
        MoeFfn moe = shared == null ? new MoeFfn(matvec, router, gate, up, down, routing)
                : new MoeFfn(matvec, router, gate, up, down, routing, shared.gate(), shared.up(), shared.down());
        return new Runner() {
            @Override
            public void forward(Activation[] xs, int count, float[][] outs) {
                moe.forward(xs, count, outs);
            }

            @Override
            public int expertsTouched() {
                return moe.expertsTouched();
            }

            @Override
            public int experts() {
                return moe.experts();
            }

            @Override
            public int expertsPerToken() {
                return moe.topK();
            }

            @Override
            public void addExpertLoad(long[] load) {
                moe.addLoad(load);
            }
        };
    }

    /** The router and the shared experts: what a pass reads whatever its tokens are routed to. */
    @Override
    public long sharedWeightBytes() {
        return router.byteSize() + (shared == null ? 0 : shared.totalWeightBytes());
    }

    @Override
    public long expertBytes() {
        return gate.expertBytes() + up.expertBytes() + down.expertBytes();
    }

    @Override
    public long activeWeightBytes() {
        return sharedWeightBytes() + (long) topK() * expertBytes();
    }

    @Override
    public long totalWeightBytes() {
        return sharedWeightBytes() + (long) gate.experts() * expertBytes();
    }
}
