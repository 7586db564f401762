package sputnik.engines.builtin.model;

import java.util.Arrays;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tensor.VectorMath;

/**
 * Scaled dot-product attention of a pass's tokens over their sequences' paged KV cache: query head h of a token attends
 * with KV head {@code h / group} over its sequence's positions up to its own (causal within a prompt chunk, since the
 * chunk's keys are all written before this runs). Keys and values are read from the pages (converted from fp16) as
 * floats; a head's scores are scaled, soft-maxed and used to weight the values in position order.
 *
 * <p>Grouped-query attention (qwen2, qwen3moe: several KV heads, key and value rows) and deepseek2's absorbed MLA (one
 * KV "head" that is the latent row, its first values the value, every query head in one group) are the same
 * computation with other widths.
 *
 * <p>Work items are (run of consecutive tokens of one sequence, KV head, slice of the group's query heads): each key and
 * value is read once per item for all its tokens and heads. Every (token, head) still gets its scores, softmax and
 * weighted sum in position order, exactly as it would alone, so results do not depend on the runs, the slices or the
 * thread count.
 */
public final class PagedAttention {
    /** Query rows (tokens x heads of a group) taken together in one item, so that each key and value is read once for all of them. */
    static final int ITEM_ROWS = 256;

    private final WorkerPool pool;
    private final int heads, kvHeads, group, keyWidth, valueWidth;
    private final float scale;
    private final int runTokens;
    private final float[][] scores; // per worker: tokens x heads x positions
    private final float[][] kvRow;  // per worker: one position's key or value for one KV head
    private int[] runStart = new int[2];
    private int runCount, slices, layer;
    private PassTokens tokens;
    private float[][] q, out;
    private final WorkerPool.Task task = this::part;

    /**
     * @param keyWidth values of a query head and of a key (per KV head)
     * @param valueWidth values of a value (per KV head) and of a head's output
     * @param scale the factor on each dot product before the softmax
     */
    public PagedAttention(WorkerPool pool, int heads, int kvHeads, int keyWidth, int valueWidth, float scale) {
        if (heads % kvHeads != 0) throw new IllegalArgumentException(heads + " heads are not a multiple of " + kvHeads + " KV heads");
        this.pool = pool;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.group = heads / kvHeads;
        this.keyWidth = keyWidth;
        this.valueWidth = valueWidth;
        this.scale = scale;
        this.runTokens = Math.max(1, Math.min(32, ITEM_ROWS / group));
        this.scores = new float[pool.threads()][0];
        this.kvRow = new float[pool.threads()][Math.max(keyWidth, valueWidth)];
    }

    /**
     * {@code out[t][h * valueWidth ..]} = attention of query head h of token t ({@code q[t][h * keyWidth ..]}) over layer
     * {@code layer} of its sequence, for every token of {@code tokens}.
     */
    public void run(int layer, PassTokens tokens, float[][] q, float[][] out) {
        int n = tokens.count;
        if (n == 0) return;
        this.layer = layer;
        this.tokens = tokens;
        this.q = q;
        this.out = out;
        splitRuns(tokens);
        int longest = 1, most = 1;
        for (int r = 0; r < runCount; r++) longest = Math.max(longest, runStart[r + 1] - runStart[r]);
        for (int t = 0; t < n; t++) most = Math.max(most, tokens.positions[t] + 1);
        // few items (one sequence decoding over few KV heads): slice the group's heads so that every worker has some
        slices = 1;
        while ((long) runCount * kvHeads * slices < 2L * pool.threads() && group % (slices * 2) == 0) slices *= 2;
        // a power of two of positions, so the buffers rarely regrow
        long need = (long) longest * (group / slices) * Integer.highestOneBit(Math.max(1, most - 1)) * 2;
        for (int p = 0; p < scores.length; p++) if (scores[p].length < need) scores[p] = new float[(int) need];
        try {
            pool.run(task);
        } finally {
            this.tokens = null;
            this.q = null;
            this.out = null;
        }
    }

    private void part(int part, int parts) {
        int perRun = kvHeads * slices, items = runCount * perRun, sliceHeads = group / slices;
        int from = WorkerPool.start(items, part, parts), to = WorkerPool.start(items, part + 1, parts);
        float[] row = kvRow[part], s = scores[part];
        int[] positions = tokens.positions;
        for (int i = from; i < to; i++) {
            int run = i / perRun, g = i % perRun / slices, h0 = g * group + i % slices * sliceHeads;
            int r0 = runStart[run], r1 = runStart[run + 1]; // tokens r0..r1-1, positions ascending by one
            KvSequence seq = tokens.seqs[r0];
            KvCache cache = seq.cache();
            int pageSize = cache.pageSize(), bytes = cache.type().bytes;
            int n = positions[r1 - 1] + 1, stride = sliceHeads * n; // scores of token r, head h0 + h, position p at (r - r0) * stride + h * n + p
            long keyOffset = (long) g * keyWidth * bytes, valueOffset = (long) g * valueWidth * bytes;
            for (int p = 0; p < n; p++) {
                cache.read(seq.page(p), cache.offset(layer, false, p % pageSize) + keyOffset, row, 0, keyWidth);
                for (int r = Math.max(r0, r0 + p - positions[r0]); r < r1; r++) { // tokens at or after position p
                    float[] qt = q[r];
                    int base = (r - r0) * stride + p;
                    for (int h = 0; h < sliceHeads; h++) s[base + h * n] = VectorMath.dot(qt, (h0 + h) * keyWidth, row, 0, keyWidth) * scale;
                }
            }
            for (int r = r0; r < r1; r++) {
                int len = positions[r] + 1;
                for (int h = 0; h < sliceHeads; h++) {
                    VectorMath.softmax(s, (r - r0) * stride + h * n, len);
                    Arrays.fill(out[r], (h0 + h) * valueWidth, (h0 + h + 1) * valueWidth, 0f);
                }
            }
            for (int p = 0; p < n; p++) {
                cache.read(seq.page(p), cache.offset(layer, true, p % pageSize) + valueOffset, row, 0, valueWidth);
                for (int r = Math.max(r0, r0 + p - positions[r0]); r < r1; r++) {
                    float[] o = out[r];
                    int base = (r - r0) * stride + p;
                    for (int h = 0; h < sliceHeads; h++) VectorMath.axpy(s[base + h * n], row, 0, o, (h0 + h) * valueWidth, valueWidth);
                }
            }
        }
    }

    /** Splits the pass's tokens into runs: consecutive tokens of one sequence at consecutive positions, at most {@link #runTokens}. */
    private void splitRuns(PassTokens tokens) {
        int n = tokens.count;
        if (runStart.length < n + 1) runStart = new int[Math.max(n + 1, 2 * runStart.length)];
        int count = 0;
        for (int t = 0; t < n; t++) {
            boolean continues = t > 0 && tokens.seqs[t] == tokens.seqs[t - 1] && tokens.positions[t] == tokens.positions[t - 1] + 1
                    && t - runStart[count - 1] < runTokens;
            if (!continues) runStart[count++] = t;
        }
        runStart[count] = n;
        runCount = count;
    }
}
