package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Json;

/** What `sputnik run` tells a user before and after the work: the rough edges a first run meets. */
class RunCommandCliTest {
    @TempDir
    Path tmp;

    private static Cli run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--suite", "arith", "--engine", "replay", "--responses",
                Cli.REPLAY.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aNarrowerRunSaysWhatItLeavesOutOnStderrAndInTheSummary() throws Exception {
        Path out = tmp.resolve("run");
        assertThat(run(out, "--limit", "20", "--samples", "2").exit()).isZero();
        Cli narrow = run(out, "--limit", "10", "--samples", "1");
        assertThat(narrow.exit()).isZero();
        assertThat(narrow.err()).contains("scores less than the run in " + out + ": 30 of its finished samples stay on disk but are left out"
                + " of these scores (it holds samples of 20 problems, up to 2 each; this command asks for 10 x 1); --limit 20 --samples 2"
                + " scores them all");
        assertThat(narrow.out()).contains("30 finished samples in this directory are outside the scored scope");
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/counts/samples_outside_scope").asInt()).isEqualTo(30);
        Cli whole = run(out, "--limit", "20", "--samples", "2");
        assertThat(whole.err()).doesNotContain("scores less");
        assertThat(Json.MAPPER.readTree(out.resolve("summary.json").toFile()).at("/counts/samples_outside_scope").asInt()).isZero();
    }

    @Test
    void aSessionLeftRunningByAKilledProcessIsMarkedCrashedByTheNextRun() throws Exception {
        Path out = tmp.resolve("run");
        run(out, "--limit", "5", "--samples", "1");
        ObjectNode manifest = (ObjectNode) Json.MAPPER.readTree(out.resolve("run.json").toFile());
        ObjectNode first = (ObjectNode) manifest.get("sessions").get(0);
        first.put("status", "running"); // what kill -9 leaves behind
        first.putNull("ended_at");
        Files.writeString(out.resolve("run.json"), Json.pretty(manifest));
        Cli again = run(out, "--limit", "5", "--samples", "2");
        assertThat(again.exit()).isZero();
        assertThat(again.err()).contains("ended without closing its record (killed?): marked crashed");
        JsonNode sessions = Json.MAPPER.readTree(out.resolve("run.json").toFile()).get("sessions");
        assertThat(sessions.get(0).get("status").asText()).isEqualTo("crashed");
        assertThat(sessions.get(1).get("status").asText()).isEqualTo("complete");
    }

    @Test
    void aReplayFileForAnotherSuiteIsRefusedBeforeAnySample() throws Exception {
        Path responses = tmp.resolve("other.jsonl");
        Files.writeString(responses, "{\"problem_id\": \"aime-2024-I-1\", \"response\": \"42\"}\n{\"problem_id\": \"aime-2024-I-2\", \"response\": \"7\"}\n");
        Path out = tmp.resolve("run");
        Cli c = Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", responses.toString(), "--out", out.toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err().strip()).isEqualTo("sputnik: replay file other.jsonl answers none of the 200 problems asked: its problem ids look like"
                + " 'aime-2024-I-1', 'aime-2024-I-2', the suite's like 'arith-000', 'arith-001', 'arith-002', ...; check --responses and --suite");
        assertThat(out.resolve("samples.jsonl")).doesNotExist();
    }

    @Test
    void flagsOfAnotherEngineAreWarnedAbout() {
        Cli c = run(tmp.resolve("run"), "--limit", "2", "--samples", "1", "--threads", "4", "--base-url", "http://localhost:1");
        assertThat(c.exit()).isZero();
        assertThat(c.err()).contains("sputnik: warning: --threads, --base-url are options of the builtin, openai engines; --engine replay ignores them");
        assertThat(run(tmp.resolve("quiet"), "--limit", "2", "--samples", "1", "--replay-delay-ms", "1").err()).doesNotContain("warning");
    }

    @Test
    void aReplayHasNoTokenBudgetToAnnounce() {
        // Nothing is generated: the budget line (RunnerTest) is for engines that generate.
        Cli c = run(tmp.resolve("run"), "--limit", "3", "--samples", "2", "--max-tokens", "32768");
        assertThat(c.exit()).isZero();
        assertThat(c.err()).doesNotContain("to do:");
    }

    @Test
    void anOutThatCannotBeADirectoryIsOnePlainLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Cli c = run(file.resolve("run"), "--limit", "2");
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err().strip()).startsWith("sputnik: cannot write the run directory " + file.resolve("run") + " (")
                .endsWith("): choose another --out").doesNotContain("Exception");
    }

    @Test
    void theCommandListShowsWholeFirstSentences() {
        String help = Cli.run("--help").out();
        String list = help.substring(help.indexOf("Commands:") + "Commands:".length());
        List<String> rows = new ArrayList<>();
        for (String line : list.lines().toList()) {
            if (line.startsWith("  ") && !line.startsWith("    ")) rows.add(line.strip());
            else if (!line.isBlank() && !rows.isEmpty()) rows.set(rows.size() - 1, rows.getLast() + " " + line.strip());
        }
        assertThat(rows).hasSizeGreaterThanOrEqualTo(15);
        assertThat(rows).allSatisfy(r -> assertThat(r).endsWith("."));
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("loadtest").contains("each point of a sweep over --concurrency"));
    }
}
