package sputnik.engines.builtin.engine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import sputnik.engines.builtin.model.Hyperparameters;
import sputnik.engines.builtin.model.KvCache;
import sputnik.harness.api.UsageException;

/**
 * The scheduler's flags, shared by {@code run --engine builtin}, {@code generate} and {@code bench}: batch size, pass
 * size, KV cache memory and type, prefix sharing. Defaults follow the machine: the KV memory from physical memory,
 * the batch from what that memory holds.
 */
public final class BatchingOptions {
    @Option(names = "--max-batch", paramLabel = "N",
            description = "builtin: sequences decoded together (default: as many as --kv-memory holds at 4096 positions each, at most 64).")
    Integer maxBatch;

    @Option(names = "--ubatch", paramLabel = "N", defaultValue = "512",
            description = "builtin: tokens per forward pass, prompt chunks and decode tokens together (default: ${DEFAULT-VALUE}, as llama.cpp).")
    int ubatch = 512; // also the default when the options are used without picocli

    @Option(names = "--kv-memory", paramLabel = "SIZE",
            description = "builtin: memory for the KV cache, e.g. 8G or 512M (default: a third of physical memory, at most 8G); requests wait"
                    + " for room rather than fail.")
    String kvMemory;

    @Option(names = "--kv-type", paramLabel = "f16|f32", defaultValue = "f16",
            description = "builtin: how keys and values are stored (default: ${DEFAULT-VALUE}, as llama.cpp; f32 doubles the memory).")
    String kvType = "f16";

    @Option(names = "--no-prefix-cache", description = "builtin: compute every prompt in full instead of sharing computed prompt prefixes.")
    boolean noPrefixCache;

    /** Positions one sequence is assumed to use when sizing the default batch. */
    static final int TYPICAL_POSITIONS = 4096;

    /** The scheduler configuration these flags give for a model, {@code threads} and a per-sequence context. */
    public Scheduler.Config config(Hyperparameters hp, int threads, int context) throws UsageException {
        if (ubatch < 1) throw new UsageException("--ubatch must be at least 1, got " + ubatch);
        KvCache.Type type;
        try {
            type = KvCache.Type.parse(kvType);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kv-type must be f16 or f32, got '" + kvType + "'");
        }
        long bytes = kvMemory != null ? parseSize(kvMemory) : defaultKvBytes();
        long perToken = KvCache.bytesPerToken(hp, type);
        long minimum = perToken * Scheduler.PAGE_SIZE;
        if (bytes < minimum) throw new UsageException("--kv-memory " + kvMemory + " holds no page of " + Scheduler.PAGE_SIZE + " positions (" + minimum + " bytes)");
        int batch;
        if (maxBatch != null) {
            if (maxBatch < 1) throw new UsageException("--max-batch must be at least 1, got " + maxBatch);
            batch = maxBatch;
        } else {
            batch = (int) Math.max(1, Math.min(64, bytes / (perToken * Math.min(context, TYPICAL_POSITIONS))));
        }
        return new Scheduler.Config(threads, context, batch, ubatch, bytes, type, !noPrefixCache);
    }

    /** The --kv-type value (f16 or f32), for run records. */
    public String kvType() {
        return kvType.toLowerCase(Locale.ROOT);
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    /** {@code 8G}, {@code 512M}, {@code 1.5GiB}, {@code 1000000} (bytes): binary units. */
    static long parseSize(String s) throws UsageException {
        Matcher m = SIZE.matcher(s.trim());
        if (!m.matches()) throw new UsageException("--kv-memory must be a size such as 8G or 512M, got '" + s + "'");
        double v = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return (long) (v * (1L << shift));
    }

    /** A third of physical memory, at most 8 GiB (1 GiB when the JVM cannot tell). */
    static long defaultKvBytes() {
        long physical = 0;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return physical <= 0 ? 1L << 30 : Math.min(8L << 30, physical / 3);
    }
}
