package sputnik.engines.builtin.model;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Full KV pages of prompts already computed, found again by the tokens that produced them (vLLM's automatic prefix
 * caching): the k samples of one problem, or prompts sharing a long system prompt, compute their common prefix once.
 * A page is keyed by its tokens and by the key of the page before it, so a hit means the whole prefix up to the end
 * of the page is equal, and then so are its keys and values (a position's keys and values depend only on the tokens up
 * to it). The cache holds one reference to each page it knows; those only it holds are given back, least recently used
 * first, when the {@link KvCache} runs short ({@link #evict}).
 *
 * <p>Not thread-safe: used by the scheduler thread only.
 */
public final class PrefixCache {
    private final KvCache cache;
    private final int pageSize;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true); // access order: LRU first

    public PrefixCache(KvCache cache) {
        this.cache = cache;
        this.pageSize = cache.pageSize();
    }

    /** A page's identity: its tokens and the (canonical) key of the page before it, compared by reference. */
    private static final class Key {
        final Key parent;
        final int[] tokens;
        final int hash;

        Key(Key parent, int[] tokens) {
            this.parent = parent;
            this.tokens = tokens;
            this.hash = 31 * System.identityHashCode(parent) + Arrays.hashCode(tokens);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.parent == parent && Arrays.equals(k.tokens, tokens);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Entry(Key key, int page) {}

    /**
     * The pages holding the longest cached prefix of {@code prompt}, at most {@code maxPages} of them (callers keep at
     * least the prompt's last token to compute, for its logits). Not retained: {@link KvSequence#adopt} does that.
     */
    public int[] lookup(int[] prompt, int maxPages) {
        int n = Math.min(maxPages, prompt.length / pageSize);
        int[] pages = new int[n];
        Key parent = null;
        int found = 0;
        for (; found < n; found++) {
            Entry e = entries.get(new Key(parent, slice(prompt, found)));
            if (e == null) break;
            pages[found] = e.page();
            parent = e.key();
        }
        return Arrays.copyOf(pages, found);
    }

    /** The number of leading full pages {@code a} and {@code b} have in common (the pages one could share with the other). */
    public int commonPages(int[] a, int[] b) {
        int n = Math.min(a.length, b.length), i = 0;
        while (i < n && a[i] == b[i]) i++;
        return i / pageSize;
    }

    /**
     * Records the full pages of {@code seq} that hold {@code prompt}'s first {@code positions} tokens (already computed),
     * so that later prompts with the same prefix reuse them. Pages already known are left as they are.
     */
    public void register(int[] prompt, KvSequence seq, int positions) {
        int full = Math.min(positions, prompt.length) / pageSize;
        Key parent = null;
        for (int i = 0; i < full; i++) {
            Key key = new Key(parent, slice(prompt, i));
            Entry e = entries.get(key);
            if (e == null) {
                int page = seq.pageAt(i);
                cache.retain(page);
                e = new Entry(key, page);
                entries.put(key, e);
            }
            parent = e.key();
        }
    }

    private int[] slice(int[] prompt, int page) {
        return Arrays.copyOfRange(prompt, page * pageSize, (page + 1) * pageSize);
    }

    /** Pages only this cache holds: what {@link #evict} could give back now. */
    public int evictable() {
        int n = 0;
        for (Entry e : entries.values()) if (cache.references(e.page()) == 1) n++;
        return n;
    }

    /** Gives back up to {@code pages} pages only this cache holds, least recently used first; the number given back. */
    public int evict(int pages) {
        int freed = 0;
        for (Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator(); it.hasNext() && freed < pages; ) {
            Entry e = it.next().getValue();
            if (cache.references(e.page()) != 1) continue;
            it.remove();
            cache.release(e.page());
            freed++;
        }
        return freed;
    }

    /** Pages known. */
    public int size() {
        return entries.size();
    }

    /** Gives every page back. */
    public void clear() {
        for (Entry e : entries.values()) cache.release(e.page());
        entries.clear();
    }
}
