package sputnik.engines.builtin.tensor;

import java.util.Objects;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * A Mixture-of-Experts feed-forward block as llama.cpp's {@code build_moe_ffn} computes it for qwen3moe:
 * router logits {@code W_router x} (F32 in real files), softmax over all experts, the top k, their
 * probabilities renormalised to sum to 1 (when {@code normalize}), then for each selected expert e {@code
 * down_e(silu(gate_e x) * up_e x)}, and the output {@code sum_j w_j * y_j} added in selection order. Only the
 * selected experts' weights are read.
 *
 * <p>Three parallel dispatches per call: the router; every selected expert's gate and up rows together; every
 * selected expert's down rows together (each with its own quantized hidden activation). All buffers are
 * allocated here once; {@link #forward} allocates nothing. Not thread-safe (one per generating thread).
 */
public final class MoeFfn {
    private final MatVec matvec;
    private final Matrix router;
    private final ExpertTensor gate, up, down;
    private final int topK;
    private final boolean normalize;
    private final float[] logits;
    private final int[] selected;
    private final float[] weights;
    private final float[][] gateOut, upOut, downOut;
    private final Activation[] hidden;

    /**
     * @param router [experts, n_embd] ({@code ffn_gate_inp})
     * @param gate [experts, n_ff, n_embd] ({@code ffn_gate_exps})
     * @param up [experts, n_ff, n_embd] ({@code ffn_up_exps})
     * @param down [experts, n_embd, n_ff] ({@code ffn_down_exps})
     */
    public MoeFfn(MatVec matvec, Matrix router, ExpertTensor gate, ExpertTensor up, ExpertTensor down, int topK, boolean normalize) {
        this.matvec = Objects.requireNonNull(matvec, "matvec");
        this.router = router;
        this.gate = gate;
        this.up = up;
        this.down = down;
        int experts = router.rows(), embd = router.cols(), ff = gate.rows();
        if (gate.experts() != experts || up.experts() != experts || down.experts() != experts) throw new IllegalArgumentException("expert counts differ");
        if (gate.cols() != embd || up.cols() != embd || up.rows() != ff || down.rows() != embd || down.cols() != ff) {
            throw new IllegalArgumentException("expert shapes do not fit: router " + experts + "x" + embd + ", gate " + gate.rows() + "x" + gate.cols()
                    + ", up " + up.rows() + "x" + up.cols() + ", down " + down.rows() + "x" + down.cols());
        }
        if (topK < 1 || topK > experts) throw new IllegalArgumentException("top-k must be in 1.." + experts + ", got " + topK);
        this.topK = topK;
        this.normalize = normalize;
        this.logits = new float[experts];
        this.selected = new int[topK];
        this.weights = new float[topK];
        this.gateOut = new float[topK][ff];
        this.upOut = new float[topK][ff];
        this.downOut = new float[topK][embd];
        this.hidden = new Activation[topK];
        for (int j = 0; j < topK; j++) hidden[j] = new Activation(ff);
    }

    /** {@code out[outOffset ..] = MoE(x)} for the (already normalised) input {@code x} of n_embd values. */
    public void forward(Activation x, float[] out, int outOffset) {
        matvec.matvec(router, x, logits, 0);
        route();
        MatVec.Batch batch = matvec.batch();
        for (int j = 0; j < topK; j++) {
            batch.add(gate, selected[j], x, gateOut[j], 0).add(up, selected[j], x, upOut[j], 0);
        }
        batch.run();
        int ff = gate.rows();
        batch = matvec.batch();
        for (int j = 0; j < topK; j++) {
            VectorMath.swiglu(gateOut[j], 0, upOut[j], 0, gateOut[j], 0, ff);
            hidden[j].set(gateOut[j], 0, ff);
            batch.add(down, selected[j], hidden[j], downOut[j], 0);
        }
        batch.run();
        int embd = down.rows();
        for (int i = 0; i < embd; i++) {
            float acc = downOut[0][i] * weights[0];
            for (int j = 1; j < topK; j++) acc += downOut[j][i] * weights[j];
            out[outOffset + i] = acc;
        }
    }

    /** Softmax over the router logits, top-k, and renormalisation (sum in double, as ggml's {@code sum_rows}). */
    private void route() {
        VectorMath.softmax(logits, 0, logits.length);
        TopK.select(logits, 0, logits.length, topK, selected, weights);
        if (normalize) {
            double sum = 0;
            for (int j = 0; j < topK; j++) sum += weights[j];
            float s = (float) sum;
            for (int j = 0; j < topK; j++) weights[j] /= s;
        }
    }

    /** The experts the last {@link #forward} selected, highest probability first (a live array: copy to keep). */
    public int[] selected() {
        return selected;
    }

    /** Their weights in the output (renormalised probabilities when {@code normalize}). */
    public float[] weights() {
        return weights;
    }

    /** Bytes of weights one {@link #forward} reads: the router and the selected experts' matrices. */
    public long activeWeightBytes() {
        return router.byteSize() + (long) topK * (gate.expertBytes() + up.expertBytes() + down.expertBytes());
    }

    public GgmlType expertType() {
        return gate.type();
    }
}
