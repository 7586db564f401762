package sputnik.engines.builtin.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.stream.LongStream;
import sputnik.engines.builtin.tensor.ExpertTensor;
import sputnik.engines.builtin.tensor.Interleaved;
import sputnik.engines.builtin.tensor.Matrix;

/**
 * Where a model's weight matrices are read from: the mapped file in place, or a copy repacked at load time
 * ({@link Interleaved}: Q8_0 with four rows interleaved block by block, one sequential stream per four rows) in memory
 * of its own. The copy is made only when the file fits in half of physical memory (the page cache may still hold the
 * file beside it), and never with {@code --no-repack}. Either way the logits are the same, bit for bit: the layout
 * changes speed only. Matrices of other types, or whose row count is not a multiple of four, stay mapped.
 */
public final class WeightLayout implements AutoCloseable {
    private final Arena arena; // null: everything mapped
    private final String reason; // why mapped, when arena is null
    private long repackedBytes;
    private int repackedTensors;
    private long mappedBytes;

    private WeightLayout(Arena arena, String reason) {
        this.arena = arena;
        this.reason = reason;
    }

    /** Every matrix read in place from the mapped file; {@code reason} says why (shown by {@link #describe}). */
    public static WeightLayout mapped(String reason) {
        return new WeightLayout(null, reason);
    }

    /** Q8_0 matrices repacked into memory owned by this layout (freed by {@link #close}). */
    public static WeightLayout repacking() {
        return new WeightLayout(Arena.ofShared(), null);
    }

    /**
     * The layout for a file of {@code fileBytes}: mapped with {@code noRepack} or when the file is more than half of
     * {@code physicalBytes} (0: unknown, then repacked), else repacked.
     */
    public static WeightLayout choose(boolean noRepack, long fileBytes, long physicalBytes) {
        if (noRepack) return mapped("--no-repack");
        if (physicalBytes > 0 && fileBytes > physicalBytes / 2) {
            return mapped(String.format(Locale.ROOT, "the %.2f GB file is more than half of the %.1f GB of memory", fileBytes / 1e9, physicalBytes / 1e9));
        }
        return repacking();
    }

    /** Physical memory as the JVM reports it, 0 when it cannot tell. */
    public static long physicalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getTotalMemorySize());
        }
        return 0;
    }

    /** {@code m} as it will be read: a repacked copy when this layout repacks and its type and shape allow, else itself. */
    Matrix place(Matrix m) {
        if (arena == null || !Interleaved.supports(m.type(), m.rows())) {
            mappedBytes += m.byteSize();
            return m;
        }
        MemorySegment copy = copy(m.data(), m.offset(), m.byteSize(), m.rows(), m.rowBytes(), 1);
        return new Matrix(m.type(), copy, 0, m.rows(), m.cols(), true);
    }

    /** {@code t} as it will be read: each expert's matrix repacked in its own place, or {@code t} itself. */
    ExpertTensor place(ExpertTensor t) {
        long bytes = t.expertBytes() * t.experts();
        if (arena == null || !Interleaved.supports(t.type(), t.rows())) {
            mappedBytes += bytes;
            return t;
        }
        MemorySegment copy = copy(t.data(), t.offset(), bytes, t.rows(), t.rowBytes(), t.experts());
        return new ExpertTensor(t.type(), copy, 0, t.experts(), t.rows(), t.cols(), true);
    }

    private MemorySegment copy(MemorySegment src, long offset, long bytes, int rows, long rowBytes, int matrices) {
        MemorySegment dst = arena.allocate(bytes, 64);
        // Consecutive experts' matrices are consecutive groups of four rows: all of them are one run of groups, copied
        // in chunks of about 1 MB on every core (the copy waits on page faults and memory more than it computes).
        long groups = (long) matrices * rows / Interleaved.ROWS, groupBytes = Interleaved.ROWS * rowBytes;
        long perChunk = Math.max(1, (1 << 20) / groupBytes), chunks = (groups + perChunk - 1) / perChunk;
        LongStream.range(0, chunks).parallel().forEach(c -> Interleaved.repack(src, offset, dst, 0, rowBytes, c * perChunk, Math.min(groups, (c + 1) * perChunk)));
        repackedBytes += bytes;
        repackedTensors++;
        return dst;
    }

    /** Whether any matrix was repacked. */
    public boolean repacked() {
        return repackedTensors > 0;
    }

    /** Bytes of weights held repacked in memory. */
    public long repackedBytes() {
        return repackedBytes;
    }

    /** {@code repacked} or {@code mapped}, for JSON output and run records. */
    public String name() {
        return repacked() ? "repacked" : "mapped";
    }

    /** One line for people: what was repacked and what is read from the mapped file, and why. */
    public String describe() {
        if (repacked()) {
            String rest = mappedBytes > 0 ? "; " + size(mappedBytes) + " of other matrices read from the mapped file" : "";
            return String.format(Locale.ROOT, "weights repacked: %d Q8_0 tensors (%s) with 4 rows interleaved, in memory%s", repackedTensors,
                    size(repackedBytes), rest);
        }
        return "weights mapped: read in place from the file (" + (reason != null ? reason : "no Q8_0 matrix to repack") + ")";
    }

    private static String size(long bytes) {
        if (bytes >= 1e9) return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
        return bytes >= 1e5 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6) : String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
    }

    /** Frees the repacked copies: no model using them may compute afterwards. */
    @Override
    public void close() {
        if (arena != null) arena.close();
    }
}
