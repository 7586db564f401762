package sputnik.engines.builtin.model;

import java.util.Objects;
import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.VectorMath;

/**
 * DeepSeek's feed-forward block: the routed experts ({@code ffn_*_exps}) plus shared experts that every token runs
 * ({@code ffn_*_shexp}, one SwiGLU block of {@code expert_shared_count} experts' width), both on the same normalised
 * input, their outputs added (routed + shared, as llama.cpp's {@code ggml_add(moe_out, ffn_shexp)}).
 */
public record SharedExpertMoe(MoeFeedForward routed, DenseFfn shared) implements FeedForward {
    public SharedExpertMoe {
        Objects.requireNonNull(routed, "routed");
        Objects.requireNonNull(shared, "shared");
    }

    @Override
    public float[] norm() {
        return routed.norm();
    }

    @Override
    public Runner runner(MatVec matvec) {
        Runner moe = routed.runner(matvec), dense = shared.runner(matvec);
        return new Runner() {
            private float[][] sharedOut = new float[0][];

            @Override
            public void forward(Activation[] xs, int count, float[][] outs) {
                if (sharedOut.length < count) sharedOut = new float[Math.max(count, 2 * sharedOut.length)][outs[0].length];
                moe.forward(xs, count, outs);
                dense.forward(xs, count, sharedOut);
                for (int t = 0; t < count; t++) VectorMath.add(sharedOut[t], 0, outs[t], 0, outs[t].length);
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
                return moe.expertsPerToken();
            }

            @Override
            public void addExpertLoad(long[] load) {
                moe.addExpertLoad(load);
            }
        };
    }

    @Override
    public long activeWeightBytes() {
        return routed.activeWeightBytes() + shared.totalWeightBytes();
    }

    @Override
    public long sharedWeightBytes() {
        return routed.sharedWeightBytes() + shared.totalWeightBytes();
    }

    @Override
    public long expertBytes() {
        return routed.expertBytes();
    }

    @Override
    public long totalWeightBytes() {
        return routed.totalWeightBytes() + shared.totalWeightBytes();
    }
}
