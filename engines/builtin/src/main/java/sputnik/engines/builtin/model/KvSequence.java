package sputnik.engines.builtin.model;

import java.util.Arrays;

/**
 * One sequence's positions in a {@link KvCache}: its page table (position p lives in page {@code pages[p / pageSize]},
 * slot {@code p % pageSize}) and its length. Pages come from the cache as the sequence grows and go back when it is
 * {@link #close closed}. A sequence may start from pages another sequence filled ({@link #adopt}): those are full and
 * never written again, since a sequence writes only at positions past its length, so sharing needs no locking and no
 * copy.
 */
public final class KvSequence implements AutoCloseable {
    private final KvCache cache;
    private int[] pages = new int[8];
    private int pageCount;
    private int length;
    private boolean closed;

    public KvSequence(KvCache cache) {
        this.cache = cache;
    }

    public KvCache cache() {
        return cache;
    }

    /** Positions filled (or claimed by a forward pass being built). */
    public int length() {
        return length;
    }

    /** Pages held. */
    public int pageCount() {
        return pageCount;
    }

    /** The page holding position {@code position}. */
    public int page(int position) {
        return pages[position / cache.pageSize()];
    }

    /** The id of this sequence's {@code index}-th page. */
    public int pageAt(int index) {
        return pages[index];
    }

    /**
     * Makes room for {@code positions} positions, taking pages from the cache; false (with the pages taken so far kept)
     * when the cache has no more.
     */
    public boolean reserve(int positions) {
        check();
        int needed = (positions + cache.pageSize() - 1) / cache.pageSize();
        while (pageCount < needed) {
            int p = cache.allocate();
            if (p < 0) return false;
            push(p);
        }
        return true;
    }

    /** Claims the next position (its page must be {@link #reserve reserved}) and returns it. */
    int advance() {
        check();
        if (length >= pageCount * cache.pageSize()) throw new IllegalStateException("position " + length + " has no page: reserve first");
        return length++;
    }

    /**
     * Starts this empty sequence with full pages another sequence filled (a shared prompt prefix): each is retained,
     * and the sequence's length becomes {@code pages.length * pageSize}.
     */
    public void adopt(int[] shared) {
        check();
        if (length != 0 || pageCount != 0) throw new IllegalStateException("only an empty sequence adopts pages");
        for (int p : shared) {
            cache.retain(p);
            push(p);
        }
        length = shared.length * cache.pageSize();
    }

    private void push(int page) {
        if (pageCount == pages.length) pages = Arrays.copyOf(pages, pageCount * 2);
        pages[pageCount++] = page;
    }

    /** Returns every page reference to the cache; the sequence is empty afterwards and can be reused. */
    public void clear() {
        for (int i = 0; i < pageCount; i++) cache.release(pages[i]);
        pageCount = 0;
        length = 0;
    }

    @Override
    public void close() {
        if (closed) return;
        clear();
        closed = true;
    }

    private void check() {
        if (closed) throw new IllegalStateException("sequence closed");
    }
}
