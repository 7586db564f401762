package sputnik.datasets.manifest;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

/**
 * The records of a data file in one of the formats the public files come in: JSON lines ("jsonl"),
 * gzipped JSON lines ("jsonl.gz", HumanEval) or one JSON array ("json", sanitized MBPP). Each record
 * carries where it came from, for error messages.
 */
final class RawRecords {
    record Raw(JsonNode node, String where) {}

    /**
     * Python's json module writes infinities and NaN as bare Infinity and NaN, and public files keep
     * them (MBPP+ v0.2.0's task 404 has -Infinity among its inputs): read them as the doubles they are.
     */
    private static final ObjectMapper READER = ((JsonMapper) Json.MAPPER).rebuild().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private RawRecords() {}

    static List<Raw> read(Path file, String format) throws IOException, UsageException {
        String f = format == null ? "jsonl" : format;
        return switch (f) {
            case "jsonl" -> lines(file, Files.readAllBytes(file));
            case "jsonl.gz" -> lines(file, gunzip(file));
            case "json" -> array(file);
            default -> throw new IllegalStateException("unknown data format '" + f + "' (jsonl, jsonl.gz, json)");
        };
    }

    private static List<Raw> lines(Path file, byte[] bytes) throws UsageException {
        List<Raw> out = new ArrayList<>();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            String where = file + " line " + (i + 1);
            try {
                out.add(new Raw(READER.readTree(lines[i]), where));
            } catch (IOException e) {
                throw new UsageException(where + " is not valid JSON; replace the file with the pinned one");
            }
        }
        return out;
    }

    private static List<Raw> array(Path file) throws IOException, UsageException {
        JsonNode root;
        try {
            root = READER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException(file + " is not valid JSON (" + e.getOriginalMessage() + "); replace it with the pinned file");
        }
        if (!root.isArray()) throw new UsageException(file + " should hold a JSON array of records; replace it with the pinned file");
        List<Raw> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) out.add(new Raw(root.get(i), file + " record " + (i + 1)));
        return out;
    }

    private static byte[] gunzip(Path file) throws IOException, UsageException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new UsageException(file + " is not a complete gzip file (" + e.getMessage() + "); replace it with the pinned file");
        }
    }
}
