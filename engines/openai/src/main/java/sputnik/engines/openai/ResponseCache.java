package sputnik.engines.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import sputnik.engines.openai.client.ApiKind;
import sputnik.engines.openai.client.Endpoint;
import sputnik.harness.api.Completion;
import sputnik.harness.util.AtomicFiles;
import sputnik.harness.util.Hashing;
import sputnik.harness.util.Json;
import sputnik.harness.util.UserCache;

/**
 * Completions already paid for, on disk, keyed by the full request: the endpoint, the request body as
 * sent minus the streaming fields (so model, messages or prompt, every sampling parameter, the seed
 * and any {@code --extra-body} field), and the sample index. Re-running a command, in the same run
 * directory with {@code --fresh} or in a new one, or extending a run, never sends a request that was
 * answered before. The API key is not part of the key and is never written.
 *
 * <p>One file per request, {@code DIR/ab/abcdef….json}, written atomically, holding the request it
 * answers (checked on every hit) and the completion as it was first received, timings included.
 */
final class ResponseCache {
    /** Sorted keys everywhere, so equal requests hash equally whatever order their fields were built in. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    private final Path dir;
    private final AtomicBoolean warned = new AtomicBoolean();

    ResponseCache(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** {@code responses} in the user's cache directory ({@link UserCache}). */
    static Path defaultDir() {
        return UserCache.dir().resolve("responses");
    }

    /** What a cached completion answers. */
    static ObjectNode keyOf(Endpoint endpoint, ApiKind api, ObjectNode body, int sampleIndex) {
        return keyOf(endpoint.display(api.route), body, sampleIndex);
    }

    /** {@code url}: the endpoint's route, or the replica set's name (see Replicas.cacheName), never the replica that answered. */
    static ObjectNode keyOf(String url, ObjectNode body, int sampleIndex) {
        ObjectNode k = Json.MAPPER.createObjectNode();
        k.put("url", url);
        k.put("sample_index", sampleIndex);
        ObjectNode b = body.deepCopy();
        b.remove("stream");
        b.remove("stream_options");
        k.set("body", b);
        return k;
    }

    static String canonical(JsonNode n) {
        try {
            return CANONICAL.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path file(String hash) {
        return dir.resolve(hash.substring(0, 2)).resolve(hash + ".json");
    }

    record Entry(JsonNode request, Completion completion, String cachedAt) {}

    /** The cached completion for this request, or null. An unreadable entry is a miss. */
    Completion get(ObjectNode key) {
        String canon = canonical(key);
        Path f = file(Hashing.sha256(canon));
        if (!Files.isRegularFile(f)) return null;
        try {
            Entry e = Json.MAPPER.readValue(f.toFile(), Entry.class);
            if (e.request() == null || e.completion() == null || !canonical(e.request()).equals(canon)) return null;
            return e.completion();
        } catch (IOException unreadable) {
            return null;
        }
    }

    void put(ObjectNode key, Completion c) {
        String canon = canonical(key);
        Path f = file(Hashing.sha256(canon));
        try {
            Files.createDirectories(f.getParent());
            AtomicFiles.write(f, Json.line(new Entry(key, c, Instant.now().toString())) + "\n");
        } catch (IOException | RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                System.err.println("sputnik: cannot write the response cache in " + dir + " (" + e.getMessage()
                        + "); going on without it (--no-response-cache turns it off)");
            }
        }
    }
}
