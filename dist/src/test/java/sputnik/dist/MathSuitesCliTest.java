package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Json;

/** The math suites end to end on the real data in ../shared/datasets. */
class MathSuitesCliTest {
    @TempDir
    Path tmp;

    /** Replay responses for AIME 2024 made from the gold answers: sample 0 right, 1 wrong, 2 truncated, 3 right (phrase). */
    private Path aimeReplay() throws Exception {
        Path file = tmp.resolve("aime-replay.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (String line : Files.readAllLines(SharedData.datasets().resolve("aime2024/aime2024.jsonl"))) {
                JsonNode rec = Json.MAPPER.readTree(line);
                String id = rec.get("id").asText();
                int answer = Integer.parseInt(rec.get("answer").asText());
                List<String> responses = List.of(
                        "<think>Let me try " + (answer + 1) + ".</think>\nSo the result is \\boxed{" + answer + "}.",
                        "<think>Computing.</think>\nThe answer is \\boxed{" + ((answer + 7) % 1000) + "}.",
                        "<think>It might be " + answer + ", let me verify",
                        "<think>ok</think>\n**Final answer:** " + String.format("%03d", answer));
                for (int i = 0; i < responses.size(); i++) {
                    String finish = i == 2 ? "length" : "stop";
                    w.write(Json.line(java.util.Map.of("problem_id", id, "response", responses.get(i), "finish_reason", finish)) + "\n");
                }
            }
        }
        return file;
    }

    @Test
    void anAime2024ReplayRunOnTheRealData() throws Exception {
        Path data = SharedData.datasets();
        Path out = tmp.resolve("run");
        Cli c = Cli.run("run", "--suite", "aime2024", "--engine", "replay", "--responses", aimeReplay().toString(), "--data-dir",
                data.toString(), "--offline", "--samples", "4", "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/counts/samples_done").asInt()).isEqualTo(120);
        assertThat(summary.at("/pass_at_1/value").asDouble()).as(Files.readAllLines(out.resolve("samples.jsonl")).subList(0, 4).toString()).isEqualTo(0.5);
        assertThat(summary.at("/counts/truncated").asInt()).isEqualTo(30);
        assertThat(summary.at("/run/dataset_sha256").asText()).isEqualTo("af2b8bd2aa911b6333ad0df32f3ca05c7ae8ed10f1731f4372c8ae26990bf7ac");
        assertThat(summary.at("/run/grader").asText()).isEqualTo("aime");
        // cons@4: two right answers out of three extracted answers win the vote on every problem
        assertThat(summary.at("/cons_at_k").get(2).get("value").asDouble()).isEqualTo(1.0);
        assertThat(c.out()).contains("pass@1    50.0%");
    }

    @Test
    void aCorruptedDatasetStopsTheRunBeforeItStarts() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("aime2024"));
        List<String> lines = new ArrayList<>(Files.readAllLines(SharedData.datasets().resolve("aime2024/aime2024.jsonl")));
        lines.set(3, lines.get(3).replace("x", "y"));
        Files.write(data.resolve("aime2024/aime2024.jsonl"), lines);
        Path out = tmp.resolve("run");

        Cli c = Cli.run("run", "--suite", "aime2024", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--data-dir",
                data.toString(), "--offline", "--out", out.toString());

        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err().strip().lines()).singleElement().asString()
                .contains(data.resolve("aime2024/aime2024.jsonl").toString())
                .contains("pins af2b8bd2aa911b6333ad0df32f3ca05c7ae8ed10f1731f4372c8ae26990bf7ac");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMissingDatasetOfflineIsAClearUsageError() {
        // No shared mirror either: the data is in none of the places looked in.
        Cli c = Cli.runWithoutSharedMirror(tmp.resolve("no-shared"), "run", "--suite", "aime2025", "--engine", "replay", "--responses",
                Cli.REPLAY.toString(), "--data-dir", tmp.toString(), "--offline", "--out", tmp.resolve("run").toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err().strip().lines()).hasSize(1);
        assertThat(c.err()).contains("suite aime2025 needs aime2025.jsonl").contains("--data-dir " + tmp + "/aime2025/")
                .contains("a shared/datasets/aime2025/ folder beside the checkout").contains("--offline forbids downloading it");
    }

    @Test
    void gradeMath500ResponsesOnTheRealData() throws Exception {
        Path data = SharedData.datasets();
        Path in = tmp.resolve("math500-responses.jsonl");
        List<String> lines = Files.readAllLines(data.resolve("math500/math500.jsonl"));
        int n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(in)) {
            for (String line : lines) {
                JsonNode rec = Json.MAPPER.readTree(line);
                String id = rec.get("unique_id").asText();
                String gold = rec.get("answer").asText();
                // even lines: the gold answer boxed after some thinking; odd lines: a wrong answer
                String response = n % 2 == 0 ? "<think>so it is 1/0?</think>\nThe final answer is $\\boxed{" + gold + "}$."
                        : "<think>hmm</think>\n\\boxed{\\text{no idea}}";
                w.write(Json.line(java.util.Map.of("problem_id", id, "response", response)) + "\n");
                n++;
            }
        }
        Path out = tmp.resolve("graded.jsonl");
        Cli c = Cli.run("grade", "--suite", "math500", "--data-dir", data.toString(), "--offline", "--responses", in.toString(),
                "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        List<String> graded = Files.readAllLines(out);
        assertThat(graded).hasSize(500);
        for (int i = 0; i < graded.size(); i++) {
            assertThat(Json.MAPPER.readTree(graded.get(i)).get("verdict").asText()).as(graded.get(i))
                    .isEqualTo(i % 2 == 0 ? "correct" : "incorrect");
        }
        assertThat(c.err()).contains("graded 500 responses with math: 250 correct");
    }

    @Test
    void gradeWithAGraderAndInlineAnswersNeedsNoSuite() throws Exception {
        Path in = tmp.resolve("pairs.jsonl");
        Files.writeString(in, """
                {"response": "<think>maybe 12</think> The answer is \\\\boxed{025}.", "answer": "25"}
                {"response": "<think>I think it is 204, checking", "answer": "204", "finish_reason": "length"}
                {"problem_id": "x", "response": "\\\\boxed{1000}", "answer": 1000}
                """);
        Path out = tmp.resolve("graded.jsonl");
        Cli c = Cli.run("grade", "--grader", "aime", "--responses", in.toString(), "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out)) lines.add(Json.MAPPER.readTree(l));
        assertThat(lines).extracting(n -> n.get("verdict").asText()).containsExactly("correct", "incorrect", "incorrect");
        assertThat(lines.get(1).at("/detail/truncated").asBoolean()).isTrue();
        assertThat(lines.get(2).at("/detail/out_of_range").asBoolean()).isTrue();
        assertThat(lines.get(2).get("problem_id").asText()).isEqualTo("x");

        Files.writeString(in, "{\"response\": \"\\\\boxed{1}\"}\n");
        Cli missing = Cli.run("grade", "--grader", "aime", "--responses", in.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("line 1 has no \"answer\" field");
    }

    @Test
    void aReferenceTheGraderCannotGradeIsOneLineNamingTheFileAndLineBeforeAnythingIsGraded() throws Exception {
        Path in = tmp.resolve("pairs.jsonl");
        Files.writeString(in, """
                {"response": "\\\\boxed{5}", "answer": "5"}
                {"response": "\\\\boxed{5}", "answer": "\\\\frac{14}{3}"}
                """);
        Path out = tmp.resolve("graded.jsonl");
        for (List<String> args : List.of(
                List.of("grade", "--grader", "aime", "--responses", in.toString()),
                List.of("grade", "--grader", "aime", "--responses", in.toString(), "--out", out.toString()))) {
            Cli c = Cli.run(args.toArray(String[]::new));
            assertThat(c.exit()).as(c.err()).isEqualTo(2);
            assertThat(c.out()).as("nothing graded, nothing printed").isEmpty();
            assertThat(c.err().strip().lines()).singleElement().asString()
                    .startsWith("sputnik: " + in + " line 2: ")
                    .contains("'\\frac{14}{3}' is not an integer")
                    .contains("--grader math");
            assertThat(out).doesNotExist();
        }
        // The math grader grades the same file.
        Cli math = Cli.run("grade", "--grader", "math", "--responses", in.toString());
        assertThat(math.exit()).as(math.err()).isZero();
        assertThat(math.out().lines()).hasSize(2);
        // A code grader has no tests to run for an inline answer: said before any sandbox starts.
        Cli code = Cli.run("grade", "--grader", "humaneval", "--responses", in.toString());
        assertThat(code.exit()).as(code.err()).isEqualTo(2);
        assertThat(code.err().strip().lines()).singleElement().asString().startsWith("sputnik: " + in + " line 1: it has no 'prompt'");
    }

    @Test
    void aSuiteProblemTheGraderCannotGradeIsNamedBeforeTheRunStarts() throws Exception {
        // MATH-500's third problem (test/algebra/2584.json) has the answer \frac{14}{3}.
        Path data = SharedData.datasets();
        Path responses = tmp.resolve("replay.jsonl");
        Files.writeString(responses, "{\"problem_id\": \"test/algebra/2584.json\", \"response\": \"\\\\boxed{5}\"}\n");
        Path out = tmp.resolve("run");
        Cli run = Cli.run("run", "--suite", "math500", "--grader", "aime", "--engine", "replay", "--responses", responses.toString(),
                "--data-dir", data.toString(), "--offline", "--limit", "5", "--samples", "1", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).singleElement().asString()
                .contains("suite math500, problem 'test/precalculus/807.json'")
                .contains("is not an integer").contains("--grader math");
        assertThat(out).doesNotExist();

        Cli grade = Cli.run("grade", "--suite", "math500", "--grader", "aime", "--data-dir", data.toString(), "--offline",
                "--responses", responses.toString());
        assertThat(grade.exit()).as(grade.err()).isEqualTo(2);
        assertThat(grade.err().strip().lines()).singleElement().asString()
                .contains(responses + " line 1: suite math500, problem 'test/algebra/2584.json': the reference answer '\\frac{14}{3}' is not an integer");
        assertThat(grade.out()).isEmpty();
    }
}
