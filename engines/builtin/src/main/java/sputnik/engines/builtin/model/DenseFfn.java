package sputnik.engines.builtin.model;

import java.util.Objects;
import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Matrix;
import sputnik.engines.builtin.tensor.VectorMath;

/**
 * A dense SwiGLU feed-forward block, as llama.cpp's {@code build_ffn} with SiLU and a parallel gate: {@code down(silu(gate
 * x) * up x)}. Two parallel dispatches per token: gate and up together, then down (its input quantized for its type).
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
        float[] g = new float[ff], u = new float[ff];
        Activation hidden = new Activation(ff);
        return (x, out, outOffset) -> {
            matvec.batch().add(gate, x, g, 0).add(up, x, u, 0).run();
            VectorMath.swiglu(g, 0, u, 0, g, 0, ff);
            hidden.set(g, 0, ff);
            matvec.matvec(down, hidden, out, outOffset);
        };
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
