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
 * every layer: laid out [layer][K, V][slot][kv_dim], off the Java heap (so its size is bounded by {@code maxBytes},
 * not by -Xmx). Pages are reference-counted: sequences that start with the same prompt share the pages of that
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
    private final int layers, kvDim, pageSize, maxPages;
    private final long pageBytes;
    private final Arena arena = Arena.ofShared();
    private MemorySegment[] pages = new MemorySegment[64];
    private int[] refs = new int[64];
    private int[] free = new int[64];
    private int allocated, freeCount;
    private volatile int inUse; // read by monitors on other threads

    /**
     * A cache for a model of {@code layers} layers with {@code kvDim} key (and value) values per position, in pages of
     * {@code pageSize} positions, using at most {@code maxBytes} (at least one page).
     */
    public KvCache(Hyperparameters hp, Type type, int pageSize, long maxBytes) {
        this.type = type;
        this.layers = hp.layers();
        this.kvDim = hp.kvDim();
        if (pageSize < 1) throw new IllegalArgumentException("page size must be positive, got " + pageSize);
        this.pageSize = pageSize;
        this.pageBytes = (long) layers * 2 * pageSize * kvDim * type.bytes;
        long n = maxBytes / pageBytes;
        if (n < 1) {
            throw new IllegalArgumentException("a KV memory of " + maxBytes + " bytes holds no page of " + pageBytes + " bytes (" + pageSize
                    + " positions)");
        }
        this.maxPages = (int) Math.min(Integer.MAX_VALUE - 8, n);
    }

    /** Bytes one position takes: keys and values of every layer. */
    public static long bytesPerToken(Hyperparameters hp, Type type) {
        return (long) hp.layers() * 2 * hp.kvDim() * type.bytes;
    }

    public long bytesPerToken() {
        return (long) layers * 2 * kvDim * type.bytes;
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

    /** The byte offset in a page of the first value of layer {@code layer}'s keys (or values, when {@code value}) at {@code slot}. */
    long offset(int layer, boolean value, int slot) {
        return (((long) layer * 2 + (value ? 1 : 0)) * pageSize + slot) * kvDim * type.bytes;
    }

    /** Stores {@code kvDim} keys and values of one position. */
    void write(int page, int layer, int slot, float[] k, int kOffset, float[] v, int vOffset) {
        MemorySegment seg = pages[page];
        long ko = offset(layer, false, slot), vo = offset(layer, true, slot);
        if (type == Type.F16) {
            F16Values.store(k, kOffset, seg, ko, kvDim);
            F16Values.store(v, vOffset, seg, vo, kvDim);
        } else {
            MemorySegment.copy(k, kOffset, seg, FLOAT, ko, kvDim);
            MemorySegment.copy(v, vOffset, seg, FLOAT, vo, kvDim);
        }
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

    int kvDim() {
        return kvDim;
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
