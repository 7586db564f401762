package sputnik.engines.builtin.model;

import java.util.Arrays;

/**
 * The tokens of one forward pass as its attention layers see them: for token t its sequence, its position, the RoPE
 * tables (cos, sin) of that position, and where its keys and values go in the sequence's pages. Filled by {@link
 * BatchForward} once per pass (or through {@link #forAttention} and {@link #add} to run {@link PagedAttention} alone);
 * read by every layer.
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

    /**
     * An empty pass of up to {@code capacity} tokens without RoPE tables ({@link #cos} and {@link #sin} are empty), to
     * drive {@link PagedAttention} without a model (benchmarks, tests): {@link #add} the tokens, {@link #writeKv} their
     * keys and values, then {@link PagedAttention#run} over them. {@link BatchForward} makes its own.
     */
    public static PassTokens forAttention(int capacity) {
        return new PassTokens(capacity, 0);
    }

    /**
     * Adds a token at {@code seq}'s next position, which it claims as {@link BatchForward#add} does (the sequence's
     * length grows by one now; its page must be {@link KvSequence#reserve reserved}); returns the token's index.
     */
    public int add(KvSequence seq) {
        if (count == seqs.length) throw new IllegalStateException("the pass holds " + seqs.length + " tokens");
        positions[count] = seq.advance();
        seqs[count] = seq;
        return count++;
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
