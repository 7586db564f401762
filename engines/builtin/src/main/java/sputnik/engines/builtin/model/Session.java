package sputnik.engines.builtin.model;

import java.util.Arrays;
import java.util.Objects;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.Attention;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Rope;
import sputnik.engines.builtin.tensor.VectorMath;

/**
 * The mutable side of a {@link DecoderModel}: an F32 KV cache and every buffer a forward pass needs, allocated here
 * so that {@link #forward} allocates nothing (the cache grows, by doubling, only when more positions are needed than
 * were {@link #reserve reserved}). Tokens go in one at a time at the next position; {@link #logits()} then holds the
 * output for the last one.
 *
 * <p>Per layer one token costs six parallel dispatches on the pool: q, k and v together; attention (query heads
 * split across the workers, each KV head's keys read once per group of query heads); the output projection; and
 * the feed-forward block's (router, selected experts' gate and up together, their down projections together for
 * MoE; gate and up together, then down for a dense block). Results do not depend on the number of threads: every
 * output value is computed by one thread in a fixed order.
 *
 * <p>Not thread-safe: one session per generating thread (sessions of one model may share a pool; its dispatches are
 * serialized).
 */
public final class Session {
    private final DecoderModel model;
    private final Hyperparameters hp;
    private final WorkerPool pool;
    private final MatVec matvec;
    private final int maxContext;
    private final int embd, qDim, kvDim, headDim, group;
    private final float eps, scale;
    private final Rope rope;
    private final FeedForward.Runner[] ffn;

    private final float[] x, xb, q, k, v, att, tmp, cos, sin, logits;
    private final Activation xAct, attAct;

    private int capacity;
    private float[][] keys, values;
    private float[][] scratch; // per worker part: group * capacity attention scores
    private int position;

    // the attention step's arguments, read by the pool's workers
    private int attLayer, attPositions;
    private final WorkerPool.Task attentionTask = this::attendPart;

    Session(DecoderModel model, WorkerPool pool, int maxContext) {
        this.model = model;
        this.hp = model.hyperparameters();
        this.pool = Objects.requireNonNull(pool, "pool");
        this.matvec = new MatVec(pool);
        if (maxContext < 1) throw new IllegalArgumentException("the context must hold at least one position, got " + maxContext);
        this.maxContext = maxContext;
        this.embd = hp.embd();
        this.qDim = hp.qDim();
        this.kvDim = hp.kvDim();
        this.headDim = hp.headDim();
        this.group = hp.groupSize();
        this.eps = hp.rmsEps();
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.rope = new Rope(hp.ropeDims(), hp.ropeBase(), hp.ropeFreqScale());
        this.ffn = new FeedForward.Runner[hp.layers()];
        for (int l = 0; l < ffn.length; l++) ffn[l] = model.ffn(l).runner(matvec);
        x = new float[embd];
        xb = new float[embd];
        tmp = new float[embd];
        q = new float[qDim];
        att = new float[qDim];
        k = new float[kvDim];
        v = new float[kvDim];
        cos = new float[headDim / 2];
        sin = new float[headDim / 2];
        logits = new float[hp.vocab()];
        xAct = new Activation(Math.max(embd, 1));
        attAct = new Activation(qDim);
        keys = new float[hp.layers()][];
        values = new float[hp.layers()][];
        scratch = new float[pool.threads()][];
        capacity = 0;
        grow(Math.min(maxContext, 256));
    }

    public DecoderModel model() {
        return model;
    }

    /** Positions filled so far (the next token goes at this position). */
    public int position() {
        return position;
    }

    /** The most positions this session may hold. */
    public int maxContext() {
        return maxContext;
    }

    /** The logits computed by the last {@link #forward} that asked for them (a live array of n_vocab values). */
    public float[] logits() {
        return logits;
    }

    /** Forgets every position (the cache's memory is kept for the next sequence). */
    public void reset() {
        position = 0;
    }

    /** Makes room for {@code positions} positions now (at most {@link #maxContext()}), so no later step allocates. */
    public void reserve(int positions) {
        int n = Math.min(positions, maxContext);
        if (n > capacity) grow(n);
    }

    private void grow(int atLeast) {
        int n = Math.min(maxContext, Math.max(atLeast, capacity * 2));
        for (int l = 0; l < keys.length; l++) {
            keys[l] = keys[l] == null ? new float[n * kvDim] : Arrays.copyOf(keys[l], n * kvDim);
            values[l] = values[l] == null ? new float[n * kvDim] : Arrays.copyOf(values[l], n * kvDim);
        }
        for (int p = 0; p < scratch.length; p++) scratch[p] = new float[group * n];
        capacity = n;
    }

    /** Feeds {@code count} tokens at the next positions; the logits of the last are computed when {@code wantLogits}. */
    public void prefill(int[] tokens, int from, int count, boolean wantLogits) {
        Objects.checkFromIndexSize(from, count, tokens.length);
        if (position + count > maxContext) throw contextFull(count);
        reserve(position + count);
        for (int i = 0; i < count; i++) forward(tokens[from + i], wantLogits && i == count - 1);
    }

    /**
     * Runs one token at the next position; with {@code wantLogits}, {@link #logits()} then holds the next-token
     * logits. An {@link IllegalStateException} when the context is full.
     */
    public void forward(int token, boolean wantLogits) {
        Objects.checkIndex(token, hp.vocab());
        if (position >= maxContext) throw contextFull(1);
        if (position >= capacity) grow(position + 1);
        int pos = position;
        model.embedding().dequantizeRow(token, x, 0);
        rope.angles(pos, cos, sin);
        for (int l = 0; l < hp.layers(); l++) {
            AttentionWeights a = model.attention(l);
            VectorMath.rmsnorm(xb, 0, x, 0, a.norm(), 0, embd, eps);
            xAct.set(xb, 0, embd);
            matvec.batch().add(a.q(), xAct, q, 0).add(a.k(), xAct, k, 0).add(a.v(), xAct, v, 0).run();
            if (a.qBias() != null) VectorMath.add(a.qBias(), 0, q, 0, qDim);
            if (a.kBias() != null) VectorMath.add(a.kBias(), 0, k, 0, kvDim);
            if (a.vBias() != null) VectorMath.add(a.vBias(), 0, v, 0, kvDim);
            for (int h = 0; h < hp.heads(); h++) {
                if (a.qNorm() != null) VectorMath.rmsnorm(q, h * headDim, q, h * headDim, a.qNorm(), 0, headDim, eps);
                rope.neox(q, h * headDim, cos, sin);
            }
            for (int h = 0; h < hp.kvHeads(); h++) {
                if (a.kNorm() != null) VectorMath.rmsnorm(k, h * headDim, k, h * headDim, a.kNorm(), 0, headDim, eps);
                rope.neox(k, h * headDim, cos, sin);
            }
            System.arraycopy(k, 0, keys[l], pos * kvDim, kvDim);
            System.arraycopy(v, 0, values[l], pos * kvDim, kvDim);
            attLayer = l;
            attPositions = pos + 1;
            pool.run(attentionTask);
            attAct.set(att, 0, qDim);
            matvec.matvec(a.output(), attAct, tmp, 0);
            VectorMath.add(tmp, 0, x, 0, embd);

            FeedForward f = model.ffn(l);
            VectorMath.rmsnorm(xb, 0, x, 0, f.norm(), 0, embd, eps);
            xAct.set(xb, 0, embd);
            ffn[l].forward(xAct, tmp, 0);
            VectorMath.add(tmp, 0, x, 0, embd);
        }
        position = pos + 1;
        if (wantLogits) {
            VectorMath.rmsnorm(xb, 0, x, 0, model.outputNorm(), 0, embd, eps);
            xAct.set(xb, 0, embd);
            matvec.matvec(model.output(), xAct, logits, 0);
        }
    }

    /** One worker's share of the attention step: a contiguous range of query heads, grouped by their KV head. */
    private void attendPart(int part, int parts) {
        int heads = hp.heads();
        int h = WorkerPool.start(heads, part, parts), end = WorkerPool.start(heads, part + 1, parts);
        float[] kc = keys[attLayer], vc = values[attLayer], s = scratch[part];
        while (h < end) {
            int g = h / group;
            int stop = Math.min(end, (g + 1) * group);
            Attention.attendGroup(q, h * headDim, stop - h, kc, vc, g * headDim, kvDim, attPositions, headDim, scale, s, att, h * headDim);
            h = stop;
        }
    }

    private IllegalStateException contextFull(int more) {
        return new IllegalStateException("the context of " + maxContext + " positions is full (" + position + " used, " + more + " more asked)");
    }
}
