package sputnik.engines.builtin.model;

import java.util.Objects;
import sputnik.engines.builtin.parallel.WorkerPool;

/**
 * One sequence run on its own, a token or a prompt at a time: a {@link BatchForward} with a single sequence and a
 * {@link KvCache} of its own (F32 unless told otherwise, as llama.cpp's reference outputs were made). For the
 * single-stream tools ({@code logits}, the reference tests); the engine's scheduler runs many sequences through one
 * {@link BatchForward} instead, with the same results per sequence.
 *
 * <p>Not thread-safe: one session per thread (sessions may share a pool; its dispatches are serialized).
 */
public final class Session implements AutoCloseable {
    /** Prompt tokens per forward pass in {@link #prefill}. */
    static final int PREFILL_CHUNK = 64;

    private final DecoderModel model;
    private final int maxContext;
    private final KvCache cache;
    private final KvSequence sequence;
    private final BatchForward pass;
    private final float[] logits;
    private final int[] one = new int[1];

    Session(DecoderModel model, WorkerPool pool, int maxContext, KvCache.Type type) {
        this.model = model;
        Objects.requireNonNull(pool, "pool");
        if (maxContext < 1) throw new IllegalArgumentException("the context must hold at least one position, got " + maxContext);
        this.maxContext = maxContext;
        Hyperparameters hp = model.hyperparameters();
        int pageSize = 16;
        long pages = (maxContext + pageSize - 1) / pageSize;
        this.cache = new KvCache(hp, type, pageSize, pages * pageSize * KvCache.bytesPerToken(hp, type));
        this.sequence = new KvSequence(cache);
        this.pass = new BatchForward(model, pool, Math.min(PREFILL_CHUNK, maxContext));
        this.logits = new float[hp.vocab()];
    }

    public DecoderModel model() {
        return model;
    }

    /** Positions filled so far (the next token goes at this position). */
    public int position() {
        return sequence.length();
    }

    /** The most positions this session may hold. */
    public int maxContext() {
        return maxContext;
    }

    /** The logits computed by the last {@link #forward} or {@link #prefill} that asked for them (n_vocab values). */
    public float[] logits() {
        return logits;
    }

    /** Forgets every position (the cache's pages are kept for the next sequence). */
    public void reset() {
        sequence.clear();
    }

    /** Feeds {@code count} tokens at the next positions, in chunks; the logits of the last are computed when {@code wantLogits}. */
    public void prefill(int[] tokens, int from, int count, boolean wantLogits) {
        Objects.checkFromIndexSize(from, count, tokens.length);
        if (position() + count > maxContext) throw contextFull(count);
        reserve(position() + count);
        for (int done = 0; done < count; ) {
            int n = Math.min(pass.capacity(), count - done);
            pass.clear();
            int row = -1;
            for (int i = 0; i < n; i++) row = pass.add(sequence, tokens[from + done + i], wantLogits && done + i == count - 1);
            pass.run();
            if (row >= 0) System.arraycopy(pass.logits(row), 0, logits, 0, logits.length);
            done += n;
        }
    }

    /** Takes the cache pages for {@code positions} positions now, so that no later step allocates. */
    public void reserve(int positions) {
        if (!sequence.reserve(positions)) throw new IllegalStateException("the KV cache has no room for " + positions + " positions");
    }

    /** Runs one token at the next position; with {@code wantLogits}, {@link #logits()} then holds the next-token logits. */
    public void forward(int token, boolean wantLogits) {
        if (position() >= maxContext) throw contextFull(1);
        one[0] = token;
        prefill(one, 0, 1, wantLogits);
    }

    private IllegalStateException contextFull(int more) {
        return new IllegalStateException("the context of " + maxContext + " positions is full (" + position() + " used, " + more + " more asked)");
    }

    /** Frees the cache. */
    @Override
    public void close() {
        sequence.close();
        cache.close();
    }
}
