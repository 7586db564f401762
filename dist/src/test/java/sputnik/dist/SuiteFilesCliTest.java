package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Json;

/** Suites declared in a file: run, resumed, graded and reported from the file, found on the suite path, and refused with the line when wrong. */
class SuiteFilesCliTest {
    static final Path EXAMPLE = Path.of("..", "examples", "suites", "aime2025-final-answer.yaml").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** Each AIME 2025 problem's answer in the final-answer format (sample 0), and a wrong one (sample 1). */
    private Path responses() throws Exception {
        Path file = tmp.resolve("responses.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (String line : Files.readAllLines(SharedData.datasets().resolve("aime2025/aime2025.jsonl"), StandardCharsets.UTF_8)) {
                JsonNode r = Json.MAPPER.readTree(line);
                w.write(Json.line(java.util.Map.of("problem_id", r.get("id").asText(), "response", "\\boxed{" + r.get("answer").asText() + "}")) + "\n");
                w.write(Json.line(java.util.Map.of("problem_id", r.get("id").asText(), "response", "\\boxed{1000}")) + "\n");
            }
        }
        return file;
    }

    @Test
    void aSuiteFileIsRunResumedGradedAndReportedFromTheFile() throws Exception {
        Path run = tmp.resolve("run");
        String[] args = {"run", "--suite", EXAMPLE.toString(), "--engine", "replay", "--responses", responses().toString(), "--samples", "2",
                "--data-dir", SharedData.datasets().toString(), "--offline", "--out", run.toString()};
        Cli c = Cli.run(args);
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("aime2025-final-answer v1, prompt final, grader aime").contains("pass@1    50.0%").contains("protocol  pass@1 50.0%");
        JsonNode config = Json.MAPPER.readTree(run.resolve("run.json").toFile()).get("config");
        assertThat(config.get("suite").asText()).isEqualTo("aime2025-final-answer");
        assertThat(config.get("suite_file").asText()).isEqualTo(EXAMPLE.toString());
        assertThat(config.at("/sampling/temperature").asDouble()).isZero();
        assertThat(config.at("/sampling/max_tokens").asInt()).isEqualTo(64);
        JsonNode first = Json.MAPPER.readTree(Files.readAllLines(run.resolve("samples.jsonl")).get(0));
        assertThat(first.get("sample_id").asText()).startsWith("aime2025-final-answer:2025-I-");

        Cli again = Cli.run(args);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(Files.readAllLines(run.resolve("samples.jsonl"))).hasSize(60);

        Cli grade = Cli.run("grade", run.toString(), "--data-dir", SharedData.datasets().toString(), "--offline");
        assertThat(grade.exit()).as(grade.err()).isZero();
        assertThat(grade.err()).contains("re-graded 60 samples with aime; 0 verdicts changed");

        Cli report = Cli.run("report", run.toString(), "--format", "markdown");
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(Files.readString(run.resolve("report.md"))).contains("contest").contains("AIME II");
    }

    @Test
    void suitesOnTheSuitePathAreListedAndRunByName() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("suites"));
        Files.copy(EXAMPLE, dir.resolve("aime2025-final-answer.yaml"));
        Files.writeString(dir.resolve("typo.yaml"), Files.readString(EXAMPLE).replace("name: aime2025-final-answer", "name: typo")
                .replace("grader: aime", "grader: aimee"));
        Cli.Process suites = Cli.Process.start(List.of("suites"), "SPUTNIK_SUITE_PATH", dir.toString());
        assertThat(suites.exit()).as(suites.err()).isZero();
        assertThat(suites.out()).containsPattern("aime2025-final-answer +AIME 2025 I and II, final answer only .*\\(" + dir.resolve("aime2025-final-answer.yaml") + "\\)")
                .contains("typo").contains("unusable suite file: " + dir.resolve("typo.yaml") + ":").contains("grader: no grader 'aimee'");

        Cli.Process run = Cli.Process.start(List.of("run", "--suite", "aime2025-final-answer", "--engine", "replay", "--responses", responses().toString(),
                "--limit", "3", "--data-dir", SharedData.datasets().toString(), "--offline", "--out", tmp.resolve("by-name").toString()),
                "SPUTNIK_SUITE_PATH", dir.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllLines(tmp.resolve("by-name/samples.jsonl"))).hasSize(3);
    }

    @Test
    void aMistakeInASuiteFileIsOneLineWithTheFileLineAndKey() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(EXAMPLE).replace("{{problem}}", "{{question}}"));
        Cli c = Cli.run("run", "--suite", bad.toString(), "--engine", "replay", "--responses", Cli.REPLAY.toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err().strip()).doesNotContain("\n")
                .startsWith("sputnik: " + bad + ":32: prompts.final.template: {{question}} is not a key of the problems; they have problem, contest, number, year");
        Cli missing = Cli.run("prompts", "--suite", tmp.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("suite file " + tmp.resolve("nope.yaml") + " does not exist");
    }
}
