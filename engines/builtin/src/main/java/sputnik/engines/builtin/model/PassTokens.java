package sputnik.engines.builtin.model;

import java.util.Arrays;

/**
 * The tokens of one forward pass as its attention layers see them: for token t its sequence, its position, the RoPE
 * tables (cos, sin) of that position, and where its keys and values go in the sequence's pages. Filled by {@link
 * BatchForward} once per pass; read by every layer.
 */
public final class PassTokens {
    final KvSequence[] seqs;
    final int[] positions;
    private final float[][] cos, sin;
    int count;

    PassTokens(int capacity, int ropePairs) {
        seqs = new KvSequence[capacity];
        positions = new int[capacity];
        cos = new float[capacity][ropePairs];
        sin = new float[capacity][ropePairs];
    }

    /** Tokens in the pass. */
    public int count() {
        return count;
    }

    public int position(int t) {
        return positions[t];
    }

    /** The cos and sin of each rotated pair's angle at token t's position. */
    public float[] cos(int t) {
        return cos[t];
    }

    public float[] sin(int t) {
        return sin[t];
    }

    /** Stores token t's key row (and value row, unless the cache keeps values in the key row) for layer {@code layer}. */
    public void writeKv(int t, int layer, float[] k, int kOffset, float[] v, int vOffset) {
        KvCache cache = seqs[t].cache();
        int p = positions[t];
        cache.write(seqs[t].page(p), layer, p % cache.pageSize(), k, kOffset, v, vOffset);
    }

    void clear() {
        Arrays.fill(seqs, 0, count, null);
        count = 0;
    }
}
