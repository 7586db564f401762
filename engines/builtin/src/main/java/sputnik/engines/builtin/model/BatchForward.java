package sputnik.engines.builtin.model;

import java.util.Arrays;
import java.util.Objects;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Rope;
import sputnik.engines.builtin.tensor.VectorMath;

/**
 * One forward pass over many tokens of many sequences at once: the next token of every decoding sequence and chunks
 * of prompts being prefilled, each at its sequence's next position. Every weight matrix is read once for all the
 * tokens (matrix x many vectors); a MoE block groups the tokens by expert. {@link #add} the tokens, {@link #run()},
 * then read {@link #logits} of the tokens that asked for them.
 *
 * <p>Per layer: RMSNorm; the attention block ({@link AttentionLayer}: its projections for every token in one dispatch,
 * RoPE at each token's own position, every token's keys and values written to its sequence's pages, then {@link
 * PagedAttention}, each token over its sequence's positions up to its own) and a residual; RMSNorm; the feed-forward
 * block and a residual. Every value a token gets is computed by one thread in an order that depends only on that token
 * and its sequence, so a sequence's results do not depend on what else is in the pass, on the number of tokens or on
 * the thread count.
 *
 * <p>Not thread-safe: one scheduler thread builds and runs passes (the pool's workers do the parallel parts).
 */
public final class BatchForward {
    private final DecoderModel model;
    private final Hyperparameters hp;
    private final MatVec matvec;
    private final int capacity;
    private final int embd;
    private final float eps;
    private final Rope rope;
    private final AttentionLayer.Runner attention;
    private final FeedForward.Runner[] ffn;

    private final float[][] x, xb, tmp;
    private final Activation[] xAct;
    private final PassTokens pass;
    private final int[] tokens, logitRow;
    private float[][] logits = new float[0][];
    private final Activation[] logitActs;
    private final float[][] logitOuts;
    private int logitRows, lastExpertsTouched;

    /** A pass of up to {@code capacity} tokens (llama.cpp's ubatch) computing on {@code pool}. */
    public BatchForward(DecoderModel model, WorkerPool pool, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("a forward pass must hold at least one token, got " + capacity);
        this.model = model;
        this.hp = model.hyperparameters();
        Objects.requireNonNull(pool, "pool");
        this.matvec = new MatVec(pool);
        this.capacity = capacity;
        this.embd = hp.embd();
        this.eps = hp.rmsEps();
        this.rope = model.rope();
        PagedAttention paged = new PagedAttention(pool, hp.heads(), hp.kvHeads(), hp.headDim(), hp.valueDim(), model.attentionScale());
        AttentionLayer[] layers = model.attentionLayers();
        this.attention = layers[0].runner(layers, matvec, paged, rope, capacity);
        this.ffn = new FeedForward.Runner[hp.layers()];
        for (int l = 0; l < ffn.length; l++) ffn[l] = model.ffn(l).runner(matvec);
        x = new float[capacity][embd];
        xb = new float[capacity][embd];
        tmp = new float[capacity][embd];
        xAct = new Activation[capacity];
        for (int t = 0; t < capacity; t++) xAct[t] = new Activation(Math.max(embd, 1));
        pass = new PassTokens(capacity, rope.dims() / 2);
        tokens = new int[capacity];
        logitRow = new int[capacity];
        logitActs = new Activation[capacity];
        logitOuts = new float[capacity][];
    }

    public DecoderModel model() {
        return model;
    }

    /** The most tokens one pass holds. */
    public int capacity() {
        return capacity;
    }

    /** Tokens added since the last {@link #clear}. */
    public int size() {
        return pass.count;
    }

    /** Starts a new pass (the logits of the last one stay readable until the next {@link #run}). */
    public BatchForward clear() {
        pass.clear();
        logitRows = 0;
        return this;
    }

    /**
     * Adds {@code token} at {@code seq}'s next position (which it claims: the sequence's length grows by one now; its
     * page must be {@link KvSequence#reserve reserved}). With {@code wantLogits} the next-token logits are computed;
     * returns their index for {@link #logits}, else -1.
     */
    public int add(KvSequence seq, int token, boolean wantLogits) {
        Objects.checkIndex(token, hp.vocab());
        if (pass.count == capacity) throw new IllegalStateException("the forward pass holds " + capacity + " tokens");
        int t = pass.count;
        pass.positions[t] = seq.advance();
        pass.seqs[t] = seq;
        tokens[t] = token;
        logitRow[t] = wantLogits ? logitRows++ : -1;
        pass.count++;
        return logitRow[t];
    }
    /** The logits of the {@code index}-th token that asked for them in the last pass (a live array of n_vocab values). */
    public float[] logits(int index) {
        Objects.checkIndex(index, logitRows);
        return logits[index];
    }

    /** Tokens of the last pass that asked for logits. */
    public int logitCount() {
        return logitRows;
    }

    /** Experts the feed-forward blocks ran in the last pass, summed over layers (0 for dense models). */
    public int expertsTouched() {
        return lastExpertsTouched;
    }

    /** Adds to {@code load[l][e]} the tokens the last pass routed to expert {@code e} of layer {@code l} (rows of dense layers stay as they are). */
    public void addExpertLoad(long[][] load) {
        for (int l = 0; l < ffn.length; l++) ffn[l].addExpertLoad(load[l]);
    }

    /** Experts per MoE layer (0 for a dense model) and experts each token is routed to. */
    public int experts() {
        int e = 0;
        for (FeedForward.Runner r : ffn) e = Math.max(e, r.experts());
        return e;
    }

    public int expertsPerToken() {
        int k = 0;
        for (FeedForward.Runner r : ffn) k = Math.max(k, r.expertsPerToken());
        return k;
    }

    /** MoE layers of the model (those whose runner has experts). */
    public int moeLayers() {
        int n = 0;
        for (FeedForward.Runner r : ffn) if (r.experts() > 0) n++;
        return n;
    }

    /** Computes the pass. */
    public void run() {
        int n = pass.count;
        if (n == 0) return;
        if (logits.length < logitRows) {
            int old = logits.length;
            logits = Arrays.copyOf(logits, Math.max(logitRows, Math.min(capacity, 2 * old)));
            for (int i = old; i < logits.length; i++) logits[i] = new float[hp.vocab()];
        }
        for (int t = 0; t < n; t++) {
            model.embedding().dequantizeRow(tokens[t], x[t], 0);
            rope.angles(pass.positions[t], pass.cos(t), pass.sin(t));
        }
        lastExpertsTouched = 0;
        for (int l = 0; l < hp.layers(); l++) {
            normalize(model.attention(l).norm(), n);
            attention.forward(l, xAct, pass, tmp);
            for (int t = 0; t < n; t++) VectorMath.add(tmp[t], 0, x[t], 0, embd);

            normalize(model.ffn(l).norm(), n);
            ffn[l].forward(xAct, n, tmp);
            lastExpertsTouched += ffn[l].expertsTouched();
            for (int t = 0; t < n; t++) VectorMath.add(tmp[t], 0, x[t], 0, embd);
        }
        if (logitRows > 0) {
            for (int t = 0; t < n; t++) {
                int r = logitRow[t];
                if (r < 0) continue;
                VectorMath.rmsnorm(xb[t], 0, x[t], 0, model.outputNorm(), 0, embd, eps);
                xAct[t].set(xb[t], 0, embd);
                logitActs[r] = xAct[t];
                logitOuts[r] = logits[r];
            }
            matvec.batch().add(model.output(), logitActs, logitRows, logitOuts, 0).run();
            Arrays.fill(logitActs, 0, logitRows, null);
        }
    }

    /** {@code xAct[t] = RMSNorm(x[t]) * gain} for the pass's tokens. */
    private void normalize(float[] gain, int n) {
        for (int t = 0; t < n; t++) {
            VectorMath.rmsnorm(xb[t], 0, x[t], 0, gain, 0, embd, eps);
            xAct[t].set(xb[t], 0, embd);
        }
    }
}
