package sputnik.engines.builtin.tensor;

import java.util.Arrays;
import java.util.Objects;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * A Mixture-of-Experts feed-forward block as llama.cpp's {@code build_moe_ffn} computes it: router logits {@code
 * W_router x} (F32 in real files), the experts and their weights chosen by a {@link Routing} (qwen3moe: softmax over all
 * experts, the top k, their probabilities renormalised; deepseek2: {@link GroupLimitedRouting}), then for each selected
 * expert e {@code down_e(silu(gate_e x) * up_e x)}, and the output {@code sum_j w_j * y_j} added in selection order;
 * with shared experts (deepseek2's {@code ffn_*_shexp}, one SwiGLU block every token runs) their output is added to
 * that sum. Only the selected experts' weights are read.
 *
 * <p>Many tokens at once ({@link #forward(Activation[], int, float[][])}): every token is routed, the tokens are grouped
 * by expert, and each selected expert's matrices are read once for all its tokens (matrix x several vectors). Each
 * token's result is what it would be alone: its products are the single-vector ones bit for bit, and its experts'
 * outputs are added in its own selection order. Three parallel dispatches per call: the router; every selected
 * expert's gate and up rows together; every selected expert's down rows together (each with its own quantized hidden
 * activation); the shared experts' gate and up ride in the second, their down in the third. Buffers grow to the largest
 * batch seen and are reused. Not thread-safe (one per forward pass).
 */
public final class MoeFfn {
    private final MatVec matvec;
    private final Matrix router;
    private final ExpertTensor gate, up, down;
    private final int experts, embd, ff, topK;
    private final Routing routing;
    private final float[] routeScratch;
    private final int[] routeIntScratch;
    private final Matrix sharedGate, sharedUp, sharedDown; // null without shared experts
    private float[][] sharedA, sharedB, sharedOut;         // [token][..]: shared gate (then hidden), up, down outputs
    private Activation[] sharedHidden;
    private int capacity; // tokens the buffers hold
    private float[][] logits;       // [token][expert]
    private int[][] selected;       // [token][j]
    private float[][] weights;      // [token][j]
    private float[][] gateOut, upOut, downOut; // [token * topK + j][..]
    private Activation[] hidden;    // [token * topK + j]
    private final int[] members;    // tokens per expert in this call
    private Activation[][] expertXs; // [expert][m]: the inputs of the expert's m-th token (then its hidden activations)
    private float[][][] expertOutA, expertOutB; // [expert][m]: that token's gate (then down) and up outputs
    private int touched;
    private final Activation[] one = new Activation[1];
    private final float[][] oneOut;

    /**
     * @param router [experts, n_embd] ({@code ffn_gate_inp})
     * @param gate [experts, n_ff, n_embd] ({@code ffn_gate_exps})
     * @param up [experts, n_ff, n_embd] ({@code ffn_up_exps})
     * @param down [experts, n_embd, n_ff] ({@code ffn_down_exps})
     */
    public MoeFfn(MatVec matvec, Matrix router, ExpertTensor gate, ExpertTensor up, ExpertTensor down, int topK, boolean normalize) {
        this(matvec, router, gate, up, down, Routing.softmaxTopK(topK, normalize));
    }

    /** The same block with experts and weights chosen by {@code routing}. */
    public MoeFfn(MatVec matvec, Matrix router, ExpertTensor gate, ExpertTensor up, ExpertTensor down, Routing routing) {
        this(matvec, router, gate, up, down, routing, null, null, null);
    }

    /**
     * The same block plus shared experts: {@code sharedGate} and {@code sharedUp} [n_ff_shared, n_embd], {@code
     * sharedDown} [n_embd, n_ff_shared], all null when there are none.
     */
    public MoeFfn(MatVec matvec, Matrix router, ExpertTensor gate, ExpertTensor up, ExpertTensor down, Routing routing, Matrix sharedGate,
                  Matrix sharedUp, Matrix sharedDown) {
        if ((sharedGate == null) != (sharedUp == null) || (sharedGate == null) != (sharedDown == null)) {
            throw new IllegalArgumentException("shared experts need gate, up and down");
        }
        if (sharedGate != null && (sharedGate.cols() != router.cols() || sharedUp.rows() != sharedGate.rows() || sharedUp.cols() != router.cols()
                || sharedDown.rows() != router.cols() || sharedDown.cols() != sharedGate.rows())) {
            throw new IllegalArgumentException("shared expert shapes do not fit: gate " + sharedGate.rows() + "x" + sharedGate.cols() + ", up "
                    + sharedUp.rows() + "x" + sharedUp.cols() + ", down " + sharedDown.rows() + "x" + sharedDown.cols());
        }
        this.sharedGate = sharedGate;
        this.sharedUp = sharedUp;
        this.sharedDown = sharedDown;
        this.matvec = Objects.requireNonNull(matvec, "matvec");
        this.router = router;
        this.gate = gate;
        this.up = up;
        this.down = down;
        this.experts = router.rows();
        this.embd = router.cols();
        this.ff = gate.rows();
        if (gate.experts() != experts || up.experts() != experts || down.experts() != experts) throw new IllegalArgumentException("expert counts differ");
        if (gate.cols() != embd || up.cols() != embd || up.rows() != ff || down.rows() != embd || down.cols() != ff) {
            throw new IllegalArgumentException("expert shapes do not fit: router " + experts + "x" + embd + ", gate " + gate.rows() + "x" + gate.cols()
                    + ", up " + up.rows() + "x" + up.cols() + ", down " + down.rows() + "x" + down.cols());
        }
        this.routing = Objects.requireNonNull(routing, "routing");
        this.topK = routing.topK();
        if (topK < 1 || topK > experts) throw new IllegalArgumentException("top-k must be in 1.." + experts + ", got " + topK);
        this.routeScratch = new float[2 * experts];
        this.routeIntScratch = new int[2 * experts];
        this.members = new int[experts];
        this.oneOut = new float[1][embd];
        this.expertXs = new Activation[experts][0];
        this.expertOutA = new float[experts][0][];
        this.expertOutB = new float[experts][0][];
        ensure(1);
    }

    private void ensure(int tokens) {
        if (tokens <= capacity) return;
        int n = Math.max(tokens, capacity * 2);
        logits = grow(logits, n, experts);
        selected = Arrays.copyOf(selected == null ? new int[0][] : selected, n);
        weights = grow(weights, n, topK);
        for (int t = capacity; t < n; t++) selected[t] = new int[topK];
        gateOut = grow(gateOut, n * topK, ff);
        upOut = grow(upOut, n * topK, ff);
        downOut = grow(downOut, n * topK, embd);
        Activation[] h = Arrays.copyOf(hidden == null ? new Activation[0] : hidden, n * topK);
        for (int i = capacity * topK; i < n * topK; i++) h[i] = new Activation(ff);
        hidden = h;
        if (sharedGate != null) {
            int sff = sharedGate.rows();
            sharedA = grow(sharedA, n, sff);
            sharedB = grow(sharedB, n, sff);
            sharedOut = grow(sharedOut, n, embd);
            Activation[] sh = Arrays.copyOf(sharedHidden == null ? new Activation[0] : sharedHidden, n);
            for (int i = capacity; i < n; i++) sh[i] = new Activation(sff);
            sharedHidden = sh;
        }
        capacity = n;
    }

    private static float[][] grow(float[][] a, int n, int width) {
        int old = a == null ? 0 : a.length;
        float[][] b = Arrays.copyOf(a == null ? new float[0][] : a, n);
        for (int i = old; i < n; i++) b[i] = new float[width];
        return b;
    }

    /** {@code out[outOffset ..] = MoE(x)} for the (already normalised) input {@code x} of n_embd values. */
    public void forward(Activation x, float[] out, int outOffset) {
        one[0] = x;
        forward(one, 1, oneOut);
        one[0] = null;
        System.arraycopy(oneOut[0], 0, out, outOffset, embd);
    }

    /** {@code outs[t] = MoE(xs[t])} for {@code t < count} (each already normalised); each token's result as if alone. */
    public void forward(Activation[] xs, int count, float[][] outs) {
        ensure(count);
        MatVec.Batch first = matvec.batch().add(router, xs, count, logits, 0);
        if (sharedGate != null) first.add(sharedGate, xs, count, sharedA, 0).add(sharedUp, xs, count, sharedB, 0);
        first.run();
        Arrays.fill(members, 0);
        for (int t = 0; t < count; t++) {
            route(t);
            for (int j = 0; j < topK; j++) members[selected[t][j]]++;
        }
        touched = 0;
        for (int e = 0; e < experts; e++) {
            if (members[e] == 0) continue;
            touched++;
            if (expertXs[e].length < members[e]) {
                int n = Math.max(members[e], 2 * expertXs[e].length);
                expertXs[e] = new Activation[n];
                expertOutA[e] = new float[n][];
                expertOutB[e] = new float[n][];
            }
            members[e] = 0;
        }
        // each expert's tokens in token order; slot t * topK + j holds token t's j-th expert
        for (int t = 0; t < count; t++) {
            for (int j = 0; j < topK; j++) {
                int e = selected[t][j], m = members[e]++;
                expertXs[e][m] = xs[t];
                expertOutA[e][m] = gateOut[t * topK + j];
                expertOutB[e][m] = upOut[t * topK + j];
            }
        }
        MatVec.Batch batch = matvec.batch();
        for (int e = 0; e < experts; e++) {
            if (members[e] > 0) batch.add(gate, e, expertXs[e], members[e], expertOutA[e], 0).add(up, e, expertXs[e], members[e], expertOutB[e], 0);
        }
        batch.run();
        Arrays.fill(members, 0);
        for (int t = 0; t < count; t++) {
            for (int j = 0; j < topK; j++) {
                int slot = t * topK + j, e = selected[t][j], m = members[e]++;
                VectorMath.swiglu(gateOut[slot], 0, upOut[slot], 0, gateOut[slot], 0, ff);
                hidden[slot].set(gateOut[slot], 0, ff);
                expertXs[e][m] = hidden[slot];
                expertOutA[e][m] = downOut[slot];
            }
        }
        batch = matvec.batch();
        for (int e = 0; e < experts; e++) {
            if (members[e] > 0) batch.add(down, e, expertXs[e], members[e], expertOutA[e], 0);
        }
        if (sharedGate != null) {
            int sff = sharedGate.rows();
            for (int t = 0; t < count; t++) {
                VectorMath.swiglu(sharedA[t], 0, sharedB[t], 0, sharedA[t], 0, sff);
                sharedHidden[t].set(sharedA[t], 0, sff);
            }
            batch.add(sharedDown, sharedHidden, count, sharedOut, 0);
        }
        batch.run();
        for (int e = 0; e < experts; e++) {
            Arrays.fill(expertXs[e], 0, members[e], null);
            Arrays.fill(expertOutA[e], 0, members[e], null);
            Arrays.fill(expertOutB[e], 0, members[e], null);
        }
        for (int t = 0; t < count; t++) {
            float[] w = weights[t], out = outs[t];
            int base = t * topK;
            for (int i = 0; i < embd; i++) {
                float acc = downOut[base][i] * w[0];
                for (int j = 1; j < topK; j++) acc += downOut[base + j][i] * w[j];
                out[i] = sharedGate == null ? acc : acc + sharedOut[t][i];
            }
        }
    }

    /** Experts the last {@link #forward} ran (at most top-k times its tokens, at most the number of experts). */
    public int expertsTouched() {
        return touched;
    }

    /** Adds to {@code load[e]} the tokens the last {@link #forward} routed to expert {@code e} (top-k per token). */
    public void addLoad(long[] load) {
        for (int e = 0; e < experts; e++) load[e] += members[e];
    }

    /** The number of experts, and of experts each token is routed to. */
    public int experts() {
        return experts;
    }

    public int topK() {
        return topK;
    }

    private void route(int t) {
        routing.route(logits[t], experts, routeScratch, routeIntScratch, selected[t], weights[t]);
    }

    /** The experts the last {@link #forward} selected for its first token, highest probability first (a live array: copy to keep). */
    public int[] selected() {
        return selected[0];
    }

    /** Their weights in the output (as the routing gives them). */
    public float[] weights() {
        return weights[0];
    }

    /** Bytes of weights one {@link #forward} of one token reads: the router, the shared experts and the selected experts' matrices. */
    public long activeWeightBytes() {
        long shared = sharedGate == null ? 0 : sharedGate.byteSize() + sharedUp.byteSize() + sharedDown.byteSize();
        return router.byteSize() + shared + (long) topK * (gate.expertBytes() + up.expertBytes() + down.expertBytes());
    }

    public GgmlType expertType() {
        return gate.type();
    }
}
