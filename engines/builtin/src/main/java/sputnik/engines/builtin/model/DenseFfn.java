package sputnik.engines.builtin.model;

import java.util.Objects;
import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Matrix;
import sputnik.engines.builtin.tensor.VectorMath;

/**
 * A dense SwiGLU feed-forward block, as llama.cpp's {@code build_ffn} with SiLU and a parallel gate: {@code down(silu(gate
 * x) * up x)}. Two parallel dispatches per call, for any number of tokens: gate and up together, then down (its input quantized for its type).
 */
public record DenseFfn(float[] norm, Matrix gate, Matrix up, Matrix down) implements FeedForward {
    public DenseFfn {
        Objects.requireNonNull(norm, "norm");
        if (gate.rows() != up.rows() || gate.cols() != up.cols() || down.cols() != gate.rows() || down.rows() != gate.cols()) {
            throw new IllegalArgumentException("FFN shapes do not fit: gate " + gate.rows() + "x" + gate.cols() + ", up " + up.rows() + "x" + up.cols()
                    + ", down " + down.rows() + "x" + down.cols());
        }
    }

    @Override
    public Runner runner(MatVec matvec) {
        int ff = gate.rows();
        return new Runner() {
            private float[][] g = new float[0][], u = new float[0][];
            private Activation[] hidden = new Activation[0];

            @Override
            public void forward(Activation[] xs, int count, float[][] outs) {
                if (g.length < count) {
                    int n = Math.max(count, 2 * g.length);
                    g = new float[n][ff];
                    u = new float[n][ff];
                    hidden = new Activation[n];
                    for (int t = 0; t < n; t++) hidden[t] = new Activation(ff);
                }
                matvec.batch().add(gate, xs, count, g, 0).add(up, xs, count, u, 0).run();
                for (int t = 0; t < count; t++) {
                    VectorMath.swiglu(g[t], 0, u[t], 0, g[t], 0, ff);
                    hidden[t].set(g[t], 0, ff);
                }
                matvec.batch().add(down, hidden, count, outs, 0).run();
            }
        };
    }

    @Override
    public long sharedWeightBytes() {
        return totalWeightBytes();
    }

    @Override
    public long activeWeightBytes() {
        return totalWeightBytes();
    }

    @Override
    public long totalWeightBytes() {
        return gate.byteSize() + up.byteSize() + down.byteSize();
    }
}
