package sputnik.datasets.code;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import sputnik.harness.util.AtomicFiles;
import sputnik.harness.util.Json;
import sputnik.harness.util.UserCache;

/**
 * Reference solutions' measured times on disk, so that a problem's reference is measured once on a
 * machine, not once per run: one small JSON file per measurement, named by its key (see
 * {@link ReferenceTimes}), in {@code <cache>/reference-times/}, {@code <cache>} being
 * {@link UserCache#dir()}. A file is written under a temporary name and moved into place, so a reader
 * never sees half of one; a file that cannot be read is measured again; where nothing can be written,
 * nothing is cached.
 */
final class ReferenceTimeCache {
    private final Path dir;

    ReferenceTimeCache(Path dir) {
        this.dir = dir;
    }

    static ReferenceTimeCache inUserCache() {
        return new ReferenceTimeCache(UserCache.dir().resolve("reference-times"));
    }

    Path dir() {
        return dir;
    }

    /** The time kept under {@code key}, or null when there is none (or it cannot be read). */
    ReferenceTime read(String key) {
        Path f = dir.resolve(key + ".json");
        try {
            if (!Files.isRegularFile(f)) return null;
            JsonNode n = Json.MAPPER.readTree(f.toFile());
            boolean cpu = n.path("clock").asText().equals("cpu");
            if (n.hasNonNull("failure")) return ReferenceTime.failed(n.get("failure").asText(), cpu);
            JsonNode s = n.get("seconds");
            if (s == null || !s.isNumber() || s.asDouble() < 0) return null;
            return ReferenceTime.measured(s.asDouble(), cpu);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps {@code time} under {@code key}, with {@code about} (what was measured, for a person reading the file). */
    void write(String key, ReferenceTime time, Map<String, Object> about) {
        Map<String, Object> m = new LinkedHashMap<>(about);
        m.put("clock", time.cpu() ? "cpu" : "wall");
        if (time.usable()) m.put("seconds", time.seconds());
        else m.put("failure", time.failure());
        m.put("measured_at", Instant.now().toString());
        Path target = dir.resolve(key + ".json");
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(target, Json.pretty(m));
        } catch (IOException | RuntimeException e) {
            // not cached: measured again next run
        }
    }

    /** A held lock; closing it lets the next measurement go. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits until no other process that shares this cache is measuring, and holds that off until
     * closed (a lock on a file in the cache directory). Where the lock cannot be taken (no writable
     * cache), measurements are kept one at a time within this process only.
     */
    Held measuring() {
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve("measuring.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = ch.lock();
                return () -> {
                    try {
                        lock.release();
                        ch.close();
                    } catch (IOException ignored) {
                        // released when the channel closes anyway
                    }
                };
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            return () -> {};
        }
    }
}
