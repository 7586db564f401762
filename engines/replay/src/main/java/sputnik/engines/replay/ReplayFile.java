package sputnik.engines.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

/** The responses of a replay file, grouped by problem id in file order. */
final class ReplayFile {
    private ReplayFile() {}

    /**
     * One recorded response. Only {@code problem_id} and {@code response} are required; token counts
     * and the finish reason are replayed when present.
     */
    record Line(String problemId, String response, String reasoning, String finishReason, Integer promptTokens,
            Integer completionTokens) {}

    static Map<String, List<Line>> read(Path file) throws IOException, UsageException {
        if (!Files.isRegularFile(file)) throw new UsageException("replay file " + file + " does not exist");
        Map<String, List<Line>> byProblem = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            Line line;
            try {
                line = Json.MAPPER.readValue(lines.get(i), Line.class);
            } catch (JsonProcessingException e) {
                throw new UsageException("replay file " + file + " line " + (i + 1) + " is not valid JSON (" + e.getOriginalMessage() + ")");
            }
            if (line.problemId() == null || line.response() == null) {
                throw new UsageException("replay file " + file + " line " + (i + 1) + " needs \"problem_id\" and \"response\"");
            }
            byProblem.computeIfAbsent(line.problemId(), k -> new ArrayList<>()).add(line);
        }
        if (byProblem.isEmpty()) throw new UsageException("replay file " + file + " has no responses");
        return byProblem;
    }
}
