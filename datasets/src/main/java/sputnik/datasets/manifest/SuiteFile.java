package sputnik.datasets.manifest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

/**
 * Reads a suite file (YAML, see the README's "Suite files") into a {@link Manifest}. Every mistake is one
 * line, {@code FILE:LINE: KEY: what is wrong; what to do}: YAML syntax, a missing or unknown key, a
 * value of the wrong type ({@link SuiteFileChecks} for the rest: a template that does not compile, an
 * unknown grader, a sampling default out of range).
 */
public final class SuiteFile {
    /** Strict where data files are read leniently: a misspelt key in a suite file is a mistake, not an extension. */
    private static final ObjectReader STRICT = Json.MAPPER.readerFor(Manifest.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SuiteFile() {}

    public static Manifest read(Path file) throws UsageException, IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses {@code text}; {@code source} names it in messages (a path, or "built-in aime2024.yaml"). */
    public static Manifest parse(String text, String source) throws UsageException {
        LocatedYaml yaml;
        try {
            yaml = LocatedYaml.parse(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new UsageException(source + ":" + line + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UsageException(source + ": not valid YAML: " + e.getMessage());
        }
        Located at = new Located(source, yaml);
        if (!yaml.root().isObject()) throw at.error(JsonPointer.empty(), "a suite file is a mapping of keys (name:, file:, fields:, ...)");
        ObjectNode root = (ObjectNode) yaml.root();
        for (String key : new String[] {"name", "version", "description", "file", "sha256", "records", "fields", "prompts", "grader", "defaults"}) {
            if (!root.has(key)) throw at.error(JsonPointer.empty(), "the key '" + key + "' is missing; every suite file declares it");
        }
        JsonNode defaults = root.get("defaults");
        if (defaults.isObject()) {
            for (String key : new String[] {"temperature", "max_tokens", "samples"}) {
                if (!defaults.has(key)) throw at.error(JsonPointer.compile("/defaults"), "defaults." + key + " is missing");
            }
            // top_p and top_k are optional: 1.0 and 0 switch them off.
            if (!defaults.has("top_p")) ((ObjectNode) defaults).put("top_p", 1.0);
            if (!defaults.has("top_k")) ((ObjectNode) defaults).put("top_k", 0);
        }
        Manifest m;
        try {
            m = STRICT.readValue(root);
        } catch (UnrecognizedPropertyException e) {
            JsonPointer p = pointer(e);
            throw at.error(p, "unknown key '" + e.getPropertyName() + "'" + (p.head() == null || p.head().toString().isEmpty() ? "" : " under " + key(p.head()))
                    + "; known keys: " + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()));
        } catch (JsonMappingException e) {
            throw at.error(pointer(e), "wrong kind of value: " + e.getOriginalMessage().lines().findFirst().orElse("").replaceAll(" \\(class [^)]*\\)", ""));
        } catch (IOException e) {
            throw at.error(JsonPointer.empty(), e.getMessage());
        }
        SuiteFileChecks.check(m, at);
        return m;
    }

    private static JsonPointer pointer(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            b.append('/');
            if (r.getFieldName() != null) b.append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
            else b.append(r.getIndex());
        }
        return JsonPointer.compile(b.toString());
    }

    /** A key as written in the file: prompts.r1.template, urls[0]. */
    static String key(JsonPointer p) {
        StringBuilder b = new StringBuilder();
        for (JsonPointer q = p; q != null && !q.matches(); q = q.tail()) {
            if (q.mayMatchElement()) b.append('[').append(q.getMatchingIndex()).append(']');
            else b.append(b.isEmpty() ? "" : ".").append(q.getMatchingProperty());
        }
        return b.toString();
    }

    /** A file's tree with its lines, for messages. */
    record Located(String source, LocatedYaml yaml) {
        UsageException error(JsonPointer p, String message) {
            String key = key(p);
            return new UsageException(source + ":" + yaml.line(p) + ": " + (key.isEmpty() ? "" : key + ": ") + message);
        }

        UsageException error(String pointer, String message) {
            return error(JsonPointer.compile(pointer), message);
        }
    }
}
