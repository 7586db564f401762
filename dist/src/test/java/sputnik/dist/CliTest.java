package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sputnik.harness.util.Json;

class CliTest {
    @TempDir
    Path tmp;

    private Cli demoRun(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--suite", "arith", "--engine", "replay", "--responses",
                Cli.REPLAY.toString(), "--limit", "10", "--samples", "2", "--out", out.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void helpListsTheCommands() {
        Cli c = Cli.run("--help");
        assertThat(c.exit()).isZero();
        assertThat(c.out()).contains("run", "grade", "report", "suites", "engines", "graders");
    }

    // picocli reports a description it cannot format (a lone '%') on System.err, not on the command's writers, and
    // prints the raw text: so the check watches System.err while the help is rendered.
    @ParameterizedTest
    @ValueSource(strings = {"run", "grade", "report", "suites", "engines", "graders", "loadtest", "mock-server", "tokenize", "compare",
            "leaderboard", "kernels", "logits", "generate", "synth", "recorded", "claims"})
    void everyCommandHasHelp(String command) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        Cli c;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            c = Cli.run(command, "--help");
        } finally {
            System.setErr(saved);
        }
        assertThat(c.exit()).isZero();
        assertThat(c.out()).startsWith("Usage: sputnik " + command);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void runHelpShowsTheEngineFlags() {
        assertThat(Cli.run("run", "--help").out()).contains("--responses", "--replay-delay-ms");
    }

    @Test
    void anUnknownFlagIsAOneLineUsageError() {
        Cli c = Cli.run("run", "--suite", "arith", "--engine", "replay", "--bogus");
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err().strip().lines()).singleElement().asString().contains("Unknown option: '--bogus'").contains("sputnik run --help");
    }

    @Test
    void aMistypedFlagGetsASuggestion() {
        Cli c = Cli.run("run", "--suite", "arith", "--engine", "replay", "--limt", "3");
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("'--limt'").contains("did you mean '--limit'?");
    }

    @Test
    void noCommandIsAUsageErrorThatListsTheCommands() {
        Cli c = Cli.run();
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("Commands:").contains("run");
    }

    @Test
    void anUnknownEngineSuggestsTheClosestName() {
        Cli c = Cli.run("run", "--suite", "arith", "--engine", "repaly");
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("unknown engine 'repaly'; did you mean 'replay'?").containsPattern("valid: (.*, )?replay");
    }

    @Test
    void anUnknownSuiteListsTheValidOnes() {
        Cli c = Cli.run("run", "--suite", "arth", "--engine", "replay", "--responses", Cli.REPLAY.toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("unknown suite 'arth'; did you mean 'arith'?");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThat(demoRun(tmp.resolve("a"), "--samples", "0").exit()).isEqualTo(2);
        assertThat(demoRun(tmp.resolve("b"), "--top-p", "1.5").err()).contains("top_p");
        assertThat(Cli.run("run", "--suite", "arith", "--engine", "replay").err()).contains("--responses FILE");
        assertThat(Cli.run("run", "--suite", "arith", "--engine", "replay", "--samples", "x").exit()).isEqualTo(2);
    }

    @Test
    void aRunPrintsItsScoresAndWritesTheRunDirectory() throws Exception {
        Path out = tmp.resolve("run");
        Cli c = demoRun(out);
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("pass@1", "95% CI", "What the numbers mean", "samples   20 of 20 (10 problems x 2), complete");
        assertThat(out.resolve("run.json")).exists();
        assertThat(Files.readAllLines(out.resolve("samples.jsonl"))).hasSize(20);
        JsonNode run = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertThat(run.at("/config/suite").asText()).isEqualTo("arith");
        assertThat(run.at("/config/dataset_sha256").asText()).hasSize(64);
        assertThat(run.at("/config/sampling/temperature").asDouble()).isEqualTo(0.6);
        assertThat(run.at("/environment/java").asText()).contains("25");
        assertThat(run.at("/sessions/0/status").asText()).isEqualTo("complete");
    }

    @Test
    void reportRendersAnExistingRunAsTextOrJson() throws Exception {
        Path out = tmp.resolve("run");
        demoRun(out);
        Cli text = Cli.run("report", out.toString());
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("pass@1");
        Cli json = Cli.run("report", out.toString(), "--format", "json");
        assertThat(Json.MAPPER.readTree(json.out()).at("/counts/samples_done").asInt()).isEqualTo(20);
        assertThat(Json.MAPPER.readTree(json.out())).isEqualTo(Json.MAPPER.readTree(out.resolve("summary.json").toFile()));
        assertThat(Cli.run("report", tmp.resolve("nothing").toString()).exit()).isEqualTo(2);
    }

    @Test
    void aResumeWithOtherSamplingIsRefusedUnlessFresh() throws Exception {
        Path out = tmp.resolve("run");
        demoRun(out);
        Cli refused = demoRun(out, "--temperature", "0");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("sampling.temperature (0.6 -> 0.0)").contains("--fresh");
        assertThat(Files.readAllLines(out.resolve("samples.jsonl"))).hasSize(20);
        assertThat(demoRun(out, "--temperature", "0", "--fresh").exit()).isZero();
        try (Stream<Path> previous = Files.list(out.resolve("previous"))) {
            assertThat(previous).hasSize(1);
        }
    }

    @Test
    void gradeReGradesARunBesideTheOldVerdicts() throws Exception {
        Path out = tmp.resolve("run");
        demoRun(out);
        Cli c = Cli.run("grade", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.err()).contains("0 verdicts changed");
        try (Stream<Path> dirs = Files.list(out.resolve("regrade"))) {
            Path dir = dirs.findFirst().orElseThrow();
            assertThat(Files.readAllLines(dir.resolve("samples.jsonl"))).hasSize(20);
            assertThat(Json.MAPPER.readTree(out.resolve("summary.json").toFile()).at("/pass_at_1/value").isNumber()).isTrue();
            assertThat(Json.MAPPER.readTree(dir.resolve("summary.json").toFile()).at("/pass_at_1/value"))
                    .isEqualTo(Json.MAPPER.readTree(out.resolve("summary.json").toFile()).at("/pass_at_1/value"));
        }
    }

    @Test
    void gradeAResponsesFileWritesOneLinePerInputInOrder() throws Exception {
        Path in = tmp.resolve("responses.jsonl");
        Files.writeString(in, """
                {"problem_id": "arith-002", "response": "so \\\\boxed{-2617}"}
                {"problem_id": "arith-000", "response": "<think>8284</think> I am not sure"}
                {"problem_id": "arith-000", "response": "The answer is 8284."}
                """);
        Path out = tmp.resolve("graded.jsonl");
        Cli c = Cli.run("grade", "--suite", "arith", "--responses", in.toString(), "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(l -> Json.MAPPER.readTree(l).get("problem_id").asText()).containsExactly("arith-002", "arith-000", "arith-000");
        assertThat(lines).extracting(l -> Json.MAPPER.readTree(l).get("verdict").asText()).containsExactly("correct", "incorrect", "correct");
        assertThat(Json.MAPPER.readTree(lines.get(0)).get("extracted").asText()).isEqualTo("-2617");
    }

    @Test
    void gradeNamesTheBadLineOfAResponsesFile() throws Exception {
        Path in = tmp.resolve("responses.jsonl");
        Files.writeString(in, "{\"problem_id\": \"arith-000\", \"response\": \"1\"}\n{not json\n");
        Cli c = Cli.run("grade", "--suite", "arith", "--responses", in.toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains(in + " line 2");
        Files.writeString(in, "{\"problem_id\": \"nope\", \"response\": \"1\"}\n");
        assertThat(Cli.run("grade", "--suite", "arith", "--responses", in.toString()).err()).contains("has no problem 'nope'");
    }

    @Test
    void listingsNameTheInstalledPlugins() {
        assertThat(Cli.run("suites").out()).contains("arith").contains("chat, plain");
        assertThat(Cli.run("engines").out()).contains("replay");
        assertThat(Cli.run("graders").out()).contains("integer");
    }
}
