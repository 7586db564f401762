package sputnik.engines.builtin.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sputnik.harness.util.AtomicFiles;
import sputnik.harness.util.Hashing;
import sputnik.harness.util.Json;
import sputnik.harness.util.UserCache;

/**
 * SHA-256 of model files, computed once per file version and remembered in {@code model-sha256.json} in the cache
 * directory ({@link #defaultDir()}), keyed by the file's real path and
 * valid while its size and modification time are unchanged: hashing a 20 GB model takes a minute, a run should not
 * pay it every time. A cache that cannot be read or written is ignored (the hash is then computed again).
 */
public final class ModelHashes {
    private final Path cacheFile;

    public ModelHashes(Path cacheDir) {
        this.cacheFile = cacheDir.resolve("model-sha256.json");
    }

    /** {@code -Dsputnik.cache.dir}, else {@code $XDG_CACHE_HOME/sputnik}, else {@code ~/.cache/sputnik}. */
    public static Path defaultDir() {
        return UserCache.dir();
    }

    /** The file's SHA-256 (lower-case hex), from the cache when its size and mtime match. */
    public synchronized String sha256(Path file) throws IOException {
        Path real = file.toRealPath();
        long size = Files.size(real), mtime = Files.getLastModifiedTime(real).toMillis();
        String key = real.toString();
        ObjectNode cache = read();
        JsonNode e = cache.get(key);
        if (e != null && e.path("size").asLong(-1) == size && e.path("mtime_ms").asLong(-1) == mtime && e.hasNonNull("sha256")) {
            return e.get("sha256").asText();
        }
        String sha = Hashing.sha256(real);
        if (Files.size(real) == size && Files.getLastModifiedTime(real).toMillis() == mtime) { // not changed while hashed
            ObjectNode entry = cache.putObject(key);
            entry.put("size", size);
            entry.put("mtime_ms", mtime);
            entry.put("sha256", sha);
            write(cache);
        }
        return sha;
    }

    private ObjectNode read() {
        try {
            if (Files.isRegularFile(cacheFile)) {
                JsonNode n = Json.MAPPER.readTree(cacheFile.toFile());
                if (n instanceof ObjectNode o) return o;
            }
        } catch (IOException | RuntimeException e) {
            // a damaged cache is rebuilt
        }
        return Json.MAPPER.createObjectNode();
    }

    private void write(ObjectNode cache) {
        try {
            Files.createDirectories(cacheFile.getParent());
            AtomicFiles.write(cacheFile, Json.pretty(cache));
        } catch (IOException e) {
            // not cached: computed again next time
        }
    }
}
