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
 * <p>Per layer: RMSNorm; q, k and v of every token (one dispatch); biases, q/k norms and RoPE at each token's own
 * position; every token's keys and values written to its sequence's pages; then attention, each token over its
 * sequence's positions up to its own (causal within a prompt chunk, since the chunk's keys are all written first);
 * the output projection; the feed-forward block. Every value a token gets is computed by one thread in an order that
 * depends only on that token and its sequence, so a sequence's results do not depend on what else is in the pass, on
 * the number of tokens or on the thread count.
 *
 * <p>Not thread-safe: one scheduler thread builds and runs passes (the pool's workers do the parallel parts).
 */
public final class BatchForward {
    private final DecoderModel model;
    private final Hyperparameters hp;
    private final WorkerPool pool;
    private final MatVec matvec;
    private final int capacity;
    private final int embd, qDim, kvDim, headDim, group, kvHeads;
    private final float eps, scale;
    private final Rope rope;
    private final FeedForward.Runner[] ffn;

    private final float[][] x, xb, q, k, v, att, tmp, cos, sin;
    private final Activation[] xAct, attAct;
    private final KvSequence[] seqs;
    private final int[] tokens, positions, logitRow;
    private float[][] logits = new float[0][];
    private final Activation[] logitActs;
    private final float[][] logitOuts;
    private int rows, logitRows, lastExpertsTouched;

    // attention scratch per worker part: scores (group x positions) and one position's key or value as floats
    private final float[][] scores;
    private final float[][] kvRow;
    private int attLayer, runCount;
    private final int[] runStart;
    private final WorkerPool.Task attentionTask = this::attendPart;

    /** A pass of up to {@code capacity} tokens (llama.cpp's ubatch) computing on {@code pool}. */
    public BatchForward(DecoderModel model, WorkerPool pool, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("a forward pass must hold at least one token, got " + capacity);
        this.model = model;
        this.hp = model.hyperparameters();
        this.pool = Objects.requireNonNull(pool, "pool");
        this.matvec = new MatVec(pool);
        this.capacity = capacity;
        this.embd = hp.embd();
        this.qDim = hp.qDim();
        this.kvDim = hp.kvDim();
        this.headDim = hp.headDim();
        this.group = hp.groupSize();
        this.kvHeads = hp.kvHeads();
        this.eps = hp.rmsEps();
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.rope = new Rope(hp.ropeDims(), hp.ropeBase(), hp.ropeFreqScale());
        this.ffn = new FeedForward.Runner[hp.layers()];
        for (int l = 0; l < ffn.length; l++) ffn[l] = model.ffn(l).runner(matvec);
        x = new float[capacity][embd];
        xb = new float[capacity][embd];
        tmp = new float[capacity][embd];
        q = new float[capacity][qDim];
        att = new float[capacity][qDim];
        k = new float[capacity][kvDim];
        v = new float[capacity][kvDim];
        cos = new float[capacity][headDim / 2];
        sin = new float[capacity][headDim / 2];
        xAct = new Activation[capacity];
        attAct = new Activation[capacity];
        for (int t = 0; t < capacity; t++) {
            xAct[t] = new Activation(Math.max(embd, 1));
            attAct[t] = new Activation(qDim);
        }
        seqs = new KvSequence[capacity];
        tokens = new int[capacity];
        positions = new int[capacity];
        logitRow = new int[capacity];
        logitActs = new Activation[capacity];
        logitOuts = new float[capacity][];
        scores = new float[pool.threads()][0];
        kvRow = new float[pool.threads()][headDim];
        runStart = new int[capacity + 1];
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
        return rows;
    }

    /** Starts a new pass (the logits of the last one stay readable until the next {@link #run}). */
    public BatchForward clear() {
        Arrays.fill(seqs, 0, rows, null);
        rows = 0;
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
        if (rows == capacity) throw new IllegalStateException("the forward pass holds " + capacity + " tokens");
        int t = rows;
        positions[t] = seq.advance();
        seqs[t] = seq;
        tokens[t] = token;
        logitRow[t] = wantLogits ? logitRows++ : -1;
        rows++;
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
        if (rows == 0) return;
        int n = rows;
        if (logits.length < logitRows) {
            int old = logits.length;
            logits = Arrays.copyOf(logits, Math.max(logitRows, Math.min(capacity, 2 * old)));
            for (int i = old; i < logits.length; i++) logits[i] = new float[hp.vocab()];
        }
        int most = 0;
        for (int t = 0; t < n; t++) {
            model.embedding().dequantizeRow(tokens[t], x[t], 0);
            rope.angles(positions[t], cos[t], sin[t]);
            most = Math.max(most, positions[t] + 1);
        }
        runCount = splitRuns();
        int longest = 1;
        for (int r = 0; r < runCount; r++) longest = Math.max(longest, runStart[r + 1] - runStart[r]);
        // scores of a run: tokens x group heads x positions; a power of two of positions, so the buffers rarely regrow
        long need = (long) longest * group * Integer.highestOneBit(Math.max(1, most - 1)) * 2;
        for (int p = 0; p < scores.length; p++) if (scores[p].length < need) scores[p] = new float[(int) need];
        lastExpertsTouched = 0;
        for (int l = 0; l < hp.layers(); l++) {
            AttentionWeights a = model.attention(l);
            for (int t = 0; t < n; t++) {
                VectorMath.rmsnorm(xb[t], 0, x[t], 0, a.norm(), 0, embd, eps);
                xAct[t].set(xb[t], 0, embd);
            }
            matvec.batch().add(a.q(), xAct, n, q, 0).add(a.k(), xAct, n, k, 0).add(a.v(), xAct, n, v, 0).run();
            for (int t = 0; t < n; t++) {
                float[] qt = q[t], kt = k[t];
                if (a.qBias() != null) VectorMath.add(a.qBias(), 0, qt, 0, qDim);
                if (a.kBias() != null) VectorMath.add(a.kBias(), 0, kt, 0, kvDim);
                if (a.vBias() != null) VectorMath.add(a.vBias(), 0, v[t], 0, kvDim);
                for (int h = 0; h < hp.heads(); h++) {
                    if (a.qNorm() != null) VectorMath.rmsnorm(qt, h * headDim, qt, h * headDim, a.qNorm(), 0, headDim, eps);
                    rope.neox(qt, h * headDim, cos[t], sin[t]);
                }
                for (int h = 0; h < kvHeads; h++) {
                    if (a.kNorm() != null) VectorMath.rmsnorm(kt, h * headDim, kt, h * headDim, a.kNorm(), 0, headDim, eps);
                    rope.neox(kt, h * headDim, cos[t], sin[t]);
                }
                KvCache cache = seqs[t].cache();
                cache.write(seqs[t].page(positions[t]), l, positions[t] % cache.pageSize(), kt, 0, v[t], 0);
            }
            attLayer = l;
            pool.run(attentionTask);
            for (int t = 0; t < n; t++) attAct[t].set(att[t], 0, qDim);
            matvec.batch().add(a.output(), attAct, n, tmp, 0).run();
            for (int t = 0; t < n; t++) VectorMath.add(tmp[t], 0, x[t], 0, embd);

            FeedForward f = model.ffn(l);
            for (int t = 0; t < n; t++) {
                VectorMath.rmsnorm(xb[t], 0, x[t], 0, f.norm(), 0, embd, eps);
                xAct[t].set(xb[t], 0, embd);
            }
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

    /** Query rows of one sequence taken together in attention, so that each key and value is read once for all of them. */
    static final int ATTENTION_ROWS = 32;

    /**
     * One worker's share of attention. Its items are (run of consecutive tokens of one sequence, KV head): the query heads
     * that share the KV head, for every token of the run, over the sequence's positions up to each token's own. Each key
     * and value is read from its page (converted from fp16) once for the whole item; every (token, head) still gets its
     * scores, softmax and weighted sum in position order, exactly as it would alone.
     */
    private void attendPart(int part, int parts) {
        int items = runCount * kvHeads;
        int from = WorkerPool.start(items, part, parts), to = WorkerPool.start(items, part + 1, parts);
        float[] row = kvRow[part];
        for (int i = from; i < to; i++) {
            int run = i / kvHeads, g = i % kvHeads;
            int r0 = runStart[run], r1 = runStart[run + 1]; // tokens r0..r1-1, positions ascending by one
            KvSequence seq = seqs[r0];
            KvCache cache = seq.cache();
            int pageSize = cache.pageSize(), bytes = cache.type().bytes, h0 = g * group;
            int n = positions[r1 - 1] + 1, stride = group * n; // scores of token r, head h, position p at ((r - r0) * group + h) * n + p
            float[] s = scores[part];
            long headOffset = (long) g * headDim * bytes;
            for (int p = 0; p < n; p++) {
                cache.read(seq.page(p), cache.offset(attLayer, false, p % pageSize) + headOffset, row, 0, headDim);
                for (int r = Math.max(r0, r0 + p - positions[r0]); r < r1; r++) { // tokens at or after position p
                    float[] qt = q[r];
                    int base = (r - r0) * stride + p;
                    for (int h = 0; h < group; h++) s[base + h * n] = VectorMath.dot(qt, (h0 + h) * headDim, row, 0, headDim) * scale;
                }
            }
            for (int r = r0; r < r1; r++) {
                int len = positions[r] + 1;
                for (int h = 0; h < group; h++) {
                    VectorMath.softmax(s, (r - r0) * stride + h * n, len);
                    Arrays.fill(att[r], (h0 + h) * headDim, (h0 + h + 1) * headDim, 0f);
                }
            }
            for (int p = 0; p < n; p++) {
                cache.read(seq.page(p), cache.offset(attLayer, true, p % pageSize) + headOffset, row, 0, headDim);
                for (int r = Math.max(r0, r0 + p - positions[r0]); r < r1; r++) {
                    float[] out = att[r];
                    int base = (r - r0) * stride + p;
                    for (int h = 0; h < group; h++) VectorMath.axpy(s[base + h * n], row, 0, out, (h0 + h) * headDim, headDim);
                }
            }
        }
    }

    /** Splits the pass's tokens into runs for attention: consecutive tokens of one sequence, at most {@link #ATTENTION_ROWS}. */
    private int splitRuns() {
        int count = 0;
        for (int t = 0; t < rows; t++) {
            boolean continues = t > 0 && seqs[t] == seqs[t - 1] && positions[t] == positions[t - 1] + 1 && t - runStart[count - 1] < ATTENTION_ROWS;
            if (!continues) runStart[count++] = t;
        }
        runStart[count] = rows;
        return count;
    }

}
