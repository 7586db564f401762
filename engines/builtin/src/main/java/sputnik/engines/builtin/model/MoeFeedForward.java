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
 * probabilities renormalised; deepseek2: {@link sputnik.engines.builtin.tensor.GroupLimitedRouting}), SwiGLU experts;
 * computed by {@link MoeFfn}, which reads only the selected experts.
 */
public record MoeFeedForward(float[] norm, Matrix router, ExpertTensor gate, ExpertTensor up, ExpertTensor down, Routing routing)
        implements FeedForward {
    public MoeFeedForward {
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(routing, "routing");
    }

    /** qwen3moe's block: softmax routing to the top {@code topK}, renormalised when {@code normalize}. */
    public MoeFeedForward(float[] norm, Matrix router, ExpertTensor gate, ExpertTensor up, ExpertTensor down, int topK, boolean normalize) {
        this(norm, router, gate, up, down, Routing.softmaxTopK(topK, normalize));
    }

    public int topK() {
        return routing.topK();
    }

    @Override
    public Runner runner(MatVec matvec) {
        MoeFfn moe = new MoeFfn(matvec, router, gate, up, down, routing);
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

    @Override
    public long sharedWeightBytes() {
        return router.byteSize();
    }

    @Override
    public long expertBytes() {
        return gate.expertBytes() + up.expertBytes() + down.expertBytes();
    }

    @Override
    public long activeWeightBytes() {
        return router.byteSize() + (long) topK() * (gate.expertBytes() + up.expertBytes() + down.expertBytes());
    }

    @Override
    public long totalWeightBytes() {
        return router.byteSize() + (long) gate.experts() * (gate.expertBytes() + up.expertBytes() + down.expertBytes());
    }
}
