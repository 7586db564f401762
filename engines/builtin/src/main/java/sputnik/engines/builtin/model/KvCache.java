package sputnik.engines.builtin.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Locale;
import sputnik.engines.builtin.tensor.F16Values;

/**
 * The keys and values of every sequence a model serves, in fixed-size pages allocated as sequences grow and returned
 * when they end (vLLM's paged KV cache). A page holds {@link #pageSize()} consecutive positions of one sequence for
 * every layer: laid out [layer][K, V][slot][width], off the Java heap (so its size is bounded by {@code maxBytes},
 * not by -Xmx). A position's key row is {@code kv_heads x key_length} values and its value row {@code kv_heads x
 * value_length}; with a latent KV ({@link Hyperparameters#latentKv()}, deepseek2's MLA) a position has only its key row
 * (the compressed latent, then the rope part) and its value is the row's first {@code value_length} values. Pages are reference-counted: sequences that start with the same prompt share the pages of that
 * prompt (see {@link PrefixCache}); a page is reused only when its last reference is released.
 *
 * <p>Values are stored as fp16 (the default, as llama.cpp's {@code --cache-type-k f16}) or as float. Not thread-safe:
 * one scheduler thread allocates and releases; the forward pass's workers only read and write slots.
 */
public final class KvCache implements AutoCloseable {
    /** How a key or value is stored. */
    public enum Type {
        F16(2), F32(4);

        final int bytes;

        Type(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes of one stored value. */
        public int bytes() {
            return bytes;
        }

        /** {@code f16} or {@code f32}, as the command line spells it. */
        public static Type parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "f16" -> F16;
                case "f32" -> F32;
                default -> throw new IllegalArgumentException("KV cache type must be f16 or f32, got '" + s + "'");
            };
        }
    }

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final Type type;
    private final int layers, keyWidth, valueWidth, pageSize, maxPages; // valueWidth 0: values are read from the key row
    private final long pageBytes;
    private final Arena arena = Arena.ofShared();
    private MemorySegment[] pages = new MemorySegment[64];
    private int[] refs = new int[64];
    private int[] free = new int[64];
    private int allocated, freeCount;
    private volatile int inUse; // read by monitors on other threads

    /**
     * A cache for a model of {@code hp}'s layers and key and value widths, in pages of {@code pageSize} positions,
     * using at most {@code maxBytes} (at least one page).
     */
    public KvCache(Hyperparameters hp, Type type, int pageSize, long maxBytes) {
        this.type = type;
        this.layers = hp.layers();
        this.keyWidth = hp.kvDim();
        this.valueWidth = hp.cachedValueWidth();
        if (pageSize < 1) throw new IllegalArgumentException("page size must be positive, got " + pageSize);
        this.pageSize = pageSize;
        this.pageBytes = (long) layers * pageSize * (keyWidth + valueWidth) * type.bytes;
        long n = maxBytes / pageBytes;
        if (n < 1) {
            throw new IllegalArgumentException("a KV memory of " + maxBytes + " bytes holds no page of " + pageBytes + " bytes (" + pageSize
                    + " positions)");
        }
        this.maxPages = (int) Math.min(Integer.MAX_VALUE - 8, n);
    }

    /** Bytes one position takes: keys and values of every layer. */
    public static long bytesPerToken(Hyperparameters hp, Type type) {
        return (long) hp.layers() * (hp.kvDim() + hp.cachedValueWidth()) * type.bytes;
    }

    public long bytesPerToken() {
        return (long) layers * (keyWidth + valueWidth) * type.bytes;
    }

    public Type type() {
        return type;
    }

    public int pageSize() {
        return pageSize;
    }

    /** The most pages that may exist at once. */
    public int capacityPages() {
        return maxPages;
    }

    /** Pages referenced now. */
    public int pagesInUse() {
        return inUse;
    }

    /** Pages that {@link #allocate} can hand out now without exceeding the limit. */
    public int pagesAvailable() {
        return maxPages - inUse;
    }

    /** Off-heap bytes allocated so far (pages are kept for reuse once allocated). */
    public long bytesAllocated() {
        return allocated * pageBytes;
    }

    /** A page with one reference, or -1 when the limit is reached. Its contents are whatever was there. */
    public int allocate() {
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        } else {
            if (allocated >= maxPages) return -1;
            id = allocated++;
            if (id == pages.length) {
                pages = Arrays.copyOf(pages, id * 2);
                refs = Arrays.copyOf(refs, id * 2);
                free = Arrays.copyOf(free, id * 2);
            }
            pages[id] = arena.allocate(pageBytes, 64);
        }
        refs[id] = 1;
        inUse++;
        return id;
    }

    /** One more reference to {@code page} (a sequence that shares it). */
    public void retain(int page) {
        if (refs[page] <= 0) throw new IllegalStateException("page " + page + " is free");
        refs[page]++;
    }

    /** Drops one reference; the page is free for reuse when none is left. */
    public void release(int page) {
        if (refs[page] <= 0) throw new IllegalStateException("page " + page + " released twice");
        if (--refs[page] == 0) {
            free[freeCount++] = page;
            inUse--;
        }
    }

    /** The references to {@code page} now. */
    public int references(int page) {
        return refs[page];
    }

    /** Copies every slot of page {@code from} into page {@code to} (copy on write of a shared, partly filled page). */
    public void copy(int from, int to) {
        MemorySegment.copy(pages[from], 0, pages[to], 0, pageBytes);
    }

    MemorySegment page(int id) {
        return pages[id];
    }

    /**
     * The byte offset in a page of the first value of layer {@code layer}'s keys (or values, when {@code value}) at
     * {@code slot}; with a latent KV the values' offset is the keys'.
     */
    long offset(int layer, boolean value, int slot) {
        long layerStart = (long) layer * pageSize * (keyWidth + valueWidth);
        long values = value && valueWidth > 0 ? (long) pageSize * keyWidth + (long) slot * valueWidth : (long) slot * keyWidth;
        return (layerStart + values) * type.bytes;
    }

    /** Stores one position's key row and value row ({@code v} is ignored with a latent KV, whose values are in the key row). */
    void write(int page, int layer, int slot, float[] k, int kOffset, float[] v, int vOffset) {
        MemorySegment seg = pages[page];
        store(seg, offset(layer, false, slot), k, kOffset, keyWidth);
        if (valueWidth > 0) store(seg, offset(layer, true, slot), v, vOffset, valueWidth);
    }

    private void store(MemorySegment seg, long offset, float[] x, int from, int n) {
        if (type == Type.F16) F16Values.store(x, from, seg, offset, n);
        else MemorySegment.copy(x, from, seg, FLOAT, offset, n);
    }

    /**
     * Reads {@code n} stored values from byte {@code offset} of a page into {@code out} as floats ({@code n} consecutive
     * values: a head's part of several positions is not consecutive, so callers read one position's head at a time).
     */
    void read(int page, long offset, float[] out, int outOffset, int n) {
        MemorySegment seg = pages[page];
        if (type == Type.F16) F16Values.toFloats(seg, offset, out, outOffset, n);
        else MemorySegment.copy(seg, FLOAT, offset, out, outOffset, n);
    }

    /** Frees the off-heap memory; no sequence may use the cache afterwards. */
    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "KV cache %s, %d-position pages of %d KB, %d of %d pages in use", type, pageSize, pageBytes / 1024, inUse,
                maxPages);
    }
}
