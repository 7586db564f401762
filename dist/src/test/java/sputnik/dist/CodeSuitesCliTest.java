package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.datasets.testing.RequiresSandbox;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Json;

/** The code suites end to end on the real data: grade a responses file, run a replay, refuse without a sandbox. */
class CodeSuitesCliTest {
    @TempDir
    Path tmp;

    /** HumanEval's canonical solutions as responses (sample 0), and a wrong body (sample 1). */
    private Path humanEvalResponses() throws Exception {
        Path file = tmp.resolve("humaneval-responses.jsonl");
        Path data = SharedData.datasets().resolve("humaneval/HumanEval.jsonl.gz");
        List<String> lines;
        try (var in = new GZIPInputStream(Files.newInputStream(data))) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (String line : lines) {
                JsonNode rec = Json.MAPPER.readTree(line);
                String id = rec.get("task_id").asText();
                w.write(Json.line(Map.of("problem_id", id, "response", rec.get("canonical_solution").asText())) + "\n");
                w.write(Json.line(Map.of("problem_id", id, "response", "    return None\n")) + "\n");
            }
        }
        return file;
    }

    @Test
    @RequiresSandbox
    void gradeAFileOfHumanEvalResponses() throws Exception {
        Path out = tmp.resolve("grades.jsonl");
        Cli c = Cli.run("grade", "--suite", "humaneval", "--data-dir", SharedData.datasets().toString(), "--offline",
                "--responses", humanEvalResponses().toString(), "--out", out.toString(), "--grade-workers", "2");
        assertThat(c.exit()).as(c.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(328);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode g = Json.MAPPER.readTree(lines.get(i));
            assertThat(g.get("problem_id").asText()).isEqualTo("HumanEval/" + i / 2);
            assertThat(g.get("verdict").asText()).as(lines.get(i)).isEqualTo(i % 2 == 0 ? "correct" : "incorrect");
        }
        assertThat(c.err()).contains("164 correct");
    }

    @Test
    @RequiresSandbox
    void aReplayRunOnMbppRecordsTheSandboxAndScores() throws Exception {
        Path data = SharedData.datasets();
        Path responses = tmp.resolve("mbpp.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(responses)) {
            for (String line : Files.readAllLines(data.resolve("mbpp/mbpp.jsonl")).subList(10, 15)) {
                JsonNode rec = Json.MAPPER.readTree(line);
                String id = rec.get("task_id").asText();
                w.write(Json.line(Map.of("problem_id", id, "response", "```python\n" + rec.get("code").asText() + "\n```")) + "\n");
                w.write(Json.line(Map.of("problem_id", id, "response", "```python\nimport os\nos._exit(0)\n```")) + "\n");
            }
        }
        Path out = tmp.resolve("run");
        Cli c = Cli.run("run", "--suite", "mbpp", "--engine", "replay", "--responses", responses.toString(), "--data-dir",
                data.toString(), "--offline", "--limit", "5", "--samples", "2", "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/pass_at_1/value").asDouble()).isEqualTo(0.5);
        assertThat(summary.at("/verdicts/correct").asInt()).isEqualTo(5);
        assertThat(summary.at("/verdicts/runtime_error").asInt()).isEqualTo(5);
        JsonNode run = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertThat(run.at("/config/grader_settings/sandbox").asText()).startsWith("bubblewrap");
        assertThat(run.at("/config/grader_settings/python").asText()).contains("Python 3");
    }

    @Test
    void withoutASandboxTheRunIsRefusedBeforeAnythingRuns() throws Exception {
        Path out = tmp.resolve("refused");
        String previous = System.getProperty("sputnik.sandbox.bwrap");
        System.setProperty("sputnik.sandbox.bwrap", "/nonexistent/bwrap");
        try {
            Cli c = Cli.run("run", "--suite", "humaneval", "--engine", "replay", "--responses", humanEvalResponses().toString(),
                    "--data-dir", SharedData.datasets().toString(), "--offline", "--limit", "2", "--out", out.toString());
            assertThat(c.exit()).isEqualTo(2);
            assertThat(c.err().strip().lines()).singleElement().asString()
                    .contains("bubblewrap (bwrap) is not installed").contains("--unsafe-no-sandbox");
            assertThat(out).doesNotExist();

            Cli unsafe = Cli.run("run", "--suite", "humaneval", "--engine", "replay", "--responses", humanEvalResponses().toString(),
                    "--data-dir", SharedData.datasets().toString(), "--offline", "--limit", "2", "--samples", "2",
                    "--unsafe-no-sandbox", "--out", out.toString());
            assertThat(unsafe.exit()).as(unsafe.err()).isZero();
            assertThat(unsafe.out()).contains("WARNING").contains("WITHOUT a sandbox");
            Cli report = Cli.run("report", out.toString());
            assertThat(Files.readString(out.resolve("report.md"))).contains("WITHOUT a sandbox");
            assertThat(report.exit()).isZero();
        } finally {
            if (previous == null) System.clearProperty("sputnik.sandbox.bwrap");
            else System.setProperty("sputnik.sandbox.bwrap", previous);
        }
    }
}
