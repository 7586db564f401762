package sputnik.datasets.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sputnik.harness.api.Problem;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

/**
 * Turns a verified data file into problems with the manifest's field mapping and prompt template.
 * Problem data gets "problem" plus every {@code metadata} entry, whose source is a field or a path
 * into one ("metadata.func_name"); fields listed in {@code json_fields} hold JSON text and are parsed
 * first (LiveCodeBench stores its tests that way). Values keep their JSON shape (lists, maps, numbers).
 */
final class RecordReader {
    private RecordReader() {}

    static List<Problem> read(Manifest m, Path file, PromptTemplate template) throws IOException, UsageException {
        PromptTemplate.Renderer renderer = template.renderer();
        List<Problem> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, Manifest.Label> derived = new java.util.LinkedHashMap<>();
        if (m.label() != null) derived.put("label", m.label());
        derived.putAll(m.derived());
        Map<String, Pattern> patterns = new java.util.HashMap<>();
        derived.forEach((k, l) -> patterns.put(k, Pattern.compile(l.pattern())));
        for (RawRecords.Raw raw : RawRecords.read(file, m.format())) {
            JsonNode record = decodeJsonFields(m, raw);
            String where = raw.where();
            if (m.select() != null) {
                JsonNode key = record.get(m.select().field());
                if (key == null || !key.canConvertToLong()) throw new UsageException(where + " has no numeric \"" + m.select().field() + "\"");
                if (key.asLong() < m.select().min() || key.asLong() > m.select().max()) continue;
            }
            String id = text(record, m.field("id"), where);
            String problem = text(record, m.field("problem"), where);
            String answerField = m.fields().get("answer");
            String answer = answerField == null ? null : text(record, answerField, where);
            if (!ids.add(id)) throw new UsageException(where + ": problem id '" + id + "' appears twice");
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("problem", problem);
            for (Map.Entry<String, String> e : m.metadata().entrySet()) {
                JsonNode v = at(record, e.getValue());
                if (v != null && !v.isNull() && !v.isMissingNode()) data.put(e.getKey(), Json.MAPPER.convertValue(v, Object.class));
            }
            for (Map.Entry<String, Manifest.Label> d : derived.entrySet()) {
                JsonNode v = record.get(d.getValue().field());
                Pattern pattern = patterns.get(d.getKey());
                Matcher mm = v == null ? null : pattern.matcher(v.asText());
                if (mm != null && mm.find()) data.put(d.getKey(), pattern.matcher(mm.group()).replaceFirst(d.getValue().format()));
            }
            problems.add(new Problem(id, renderer.render(data), answer, data));
        }
        return problems;
    }

    private static JsonNode decodeJsonFields(Manifest m, RawRecords.Raw raw) throws UsageException {
        if (m.jsonFields().isEmpty() || !raw.node().isObject()) return raw.node();
        var copy = raw.node().deepCopy();
        for (String f : m.jsonFields()) {
            JsonNode v = copy.get(f);
            if (v == null || !v.isTextual()) continue;
            try {
                ((com.fasterxml.jackson.databind.node.ObjectNode) copy).set(f, Json.MAPPER.readTree(v.asText()));
            } catch (IOException e) {
                throw new UsageException(raw.where() + ": field \"" + f + "\" should hold JSON text but does not");
            }
        }
        return copy;
    }

    /** A field, or a dotted path into a field ("metadata.func_name"). */
    private static JsonNode at(JsonNode record, String path) {
        JsonNode v = record;
        for (String part : path.split("\\.")) {
            if (v == null) return null;
            v = v.get(part);
        }
        return v;
    }

    /** A field as text: strings as they are ("025" keeps its zeros), numbers in their JSON form. */
    private static String text(JsonNode record, String field, String where) throws UsageException {
        JsonNode v = record.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) throw new UsageException(where + " has no field \"" + field + "\"");
        return v.asText();
    }

}
