package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Hashing;
import sputnik.harness.util.Json;

/** sputnik windows: pass@1 by release date and before/after a cutoff, on a dated suite declared in a file. */
class WindowsCliTest {
    @TempDir
    Path tmp;

    /** 24 dated sums, two a month from 2024-01; the replayed "model" knows the answers of those before 2024-07 only. */
    private Path datedRun() throws Exception {
        StringBuilder data = new StringBuilder(), responses = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            LocalDate d = LocalDate.of(2024, 1, 3).plusMonths(i / 2).plusDays(10L * (i % 2));
            data.append(Json.line(java.util.Map.of("id", "q" + i, "q", i + "+1?", "a", String.valueOf(i + 1), "released", d + "T00:00:00"))).append('\n');
            responses.append(Json.line(java.util.Map.of("problem_id", "q" + i, "response", "\\boxed{" + (d.isBefore(LocalDate.of(2024, 7, 1)) ? i + 1 : 0) + "}")))
                    .append('\n');
        }
        Files.writeString(tmp.resolve("dated.jsonl"), data);
        Files.writeString(tmp.resolve("responses.jsonl"), responses);
        Files.writeString(tmp.resolve("dated.yaml"), """
                name: dated-sums
                version: "1"
                description: sums with release dates
                file: dated.jsonl
                sha256: %s
                records: 24
                source: written for this test
                license: none
                fields: {id: id, problem: q, answer: a}
                metadata: {released: released}
                prompts:
                  chat: {kind: chat, template: "{{problem}}"}
                grader: integer
                defaults: {temperature: 0, max_tokens: 16, samples: 1}
                protocol: test
                """.formatted(Hashing.sha256(data.toString())));
        Path run = tmp.resolve("run");
        Cli c = Cli.run("run", "--suite", tmp.resolve("dated.yaml").toString(), "--engine", "replay", "--responses", tmp.resolve("responses.jsonl").toString(),
                "--out", run.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        return run;
    }

    @Test
    void windowsShowTheDropAfterTheCutoff() throws Exception {
        Path run = datedRun();
        Cli c = Cli.run("windows", run.toString(), "--cutoff", "2024-07-01");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("dated-sums, replay:responses.jsonl: pass@1 by released, 24 dated problems (2024-01-03 to 2024-12-13)")
                .containsPattern("2024-Q1 +6 +100.0%").containsPattern("2024-Q3 +6 +0.0%")
                .contains("cutoff 2024-07-01: before: 12 problems, pass@1 100.0% (100.0% to 100.0%); on or after: 12 problems, pass@1 0.0%")
                .contains("after - before = -100.0 points").contains("permutation p = 0.0001");

        Cli json = Cli.run("windows", run.toString(), "--cutoff", "2024-07-01", "--every", "month", "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode r = Json.MAPPER.readTree(json.out());
        assertThat(r.get("windows")).hasSize(12);
        assertThat(r.at("/cutoffs/0/difference").asDouble()).isEqualTo(-1.0);
    }

    @Test
    void aSuiteWithoutDatesAndABadPeriodAreUsageErrors() throws Exception {
        Path run = tmp.resolve("arith");
        assertThat(Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--limit", "3", "--out", run.toString()).exit())
                .isZero();
        Cli c = Cli.run("windows", run.toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("have no release date");
        Cli bad = Cli.run("windows", run.toString(), "--every", "week");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--every must be month, quarter or year, got 'week'");
    }
}
