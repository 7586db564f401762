package sputnik.datasets.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/** Turns a verified JSONL data file into problems with the manifest's field mapping and prompt template. */
final class RecordReader {
    private RecordReader() {}

    static List<Problem> read(Manifest m, Path file, Manifest.PromptTemplate template) throws IOException, UsageException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Problem> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Pattern labelPattern = m.label() == null ? null : Pattern.compile(m.label().pattern());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String where = file + " line " + (i + 1);
            JsonNode record;
            try {
                record = Json.MAPPER.readTree(lines.get(i));
            } catch (IOException e) {
                throw new UsageException(where + " is not valid JSON; replace the file with the pinned one");
            }
            String id = text(record, m.field("id"), where);
            String problem = text(record, m.field("problem"), where);
            String answer = text(record, m.field("answer"), where);
            if (!ids.add(id)) throw new UsageException(where + ": problem id '" + id + "' appears twice");
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("problem", problem);
            for (Map.Entry<String, String> e : m.metadata().entrySet()) {
                JsonNode v = record.get(e.getValue());
                if (v != null && !v.isNull()) data.put(e.getKey(), v.isNumber() ? v.numberValue() : v.asText());
            }
            if (labelPattern != null) {
                JsonNode v = record.get(m.label().field());
                Matcher mm = v == null ? null : labelPattern.matcher(v.asText());
                if (mm != null && mm.find()) data.put("label", labelPattern.matcher(mm.group()).replaceFirst(m.label().format()));
            }
            problems.add(new Problem(id, PromptRenderer.render(template, problem), answer, data));
        }
        return problems;
    }

    /** A field as text: strings as they are ("025" keeps its zeros), numbers in their JSON form. */
    private static String text(JsonNode record, String field, String where) throws UsageException {
        JsonNode v = record.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) throw new UsageException(where + " has no field \"" + field + "\"");
        return v.asText();
    }
}
