package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Hashing;
import sputnik.harness.util.Json;

/** run --dry-run prints the plan and touches nothing; a run keeps every distinct prompt it sent in prompts.jsonl. */
class DryRunAndPromptsFileCliTest {
    @TempDir
    Path tmp;

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(file)) out.add(Json.MAPPER.readTree(l));
        return out;
    }

    @Test
    void aDryRunPrintsTheProblemsSamplesTokensAndCostAndWritesNothing() throws Exception {
        Path run = tmp.resolve("run");
        Cli c = Cli.run("run", "--suite", "arith", "--engine", "openai", "--model", "deepseek-reasoner", "--base-url", "http://127.0.0.1:9/v1",
                "--samples", "8", "--limit", "10", "--max-tokens", "1000", "--out", run.toString(), "--dry-run");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("Dry run: the plan of this run; nothing is sent to the engine, graded or written.")
                .contains("problems  10 of the suite's 200")
                .contains("samples   8 per problem, 80 in all; 0 already done in " + run + "; 80 to do")
                .contains("to generate: at most 80,000 (80 samples x max_tokens 1,000)")
                // 80,000 output tokens at $2.19/M = $0.1752, plus the prompts at $0.55/M
                .containsPattern("cost      at most \\$0\\.1[89] at deepseek-reasoner's price \\(\\$0\\.55 per 1M input tokens, cache miss; \\$2\\.19 per 1M output tokens");
        assertThat(run).doesNotExist();
    }

    @Test
    void aDryRunCountsWhatTheRunDirectoryAlreadyHolds() throws Exception {
        Path run = tmp.resolve("run");
        Cli first = Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--samples", "2", "--limit", "5",
                "--out", run.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        byte[] before = Files.readAllBytes(run.resolve("samples.jsonl"));
        Cli plan = Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--samples", "4", "--limit", "5",
                "--out", run.toString(), "--dry-run");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("samples   4 per problem, 20 in all; 10 already done in " + run + "; 10 to do");
        assertThat(Files.readAllBytes(run.resolve("samples.jsonl"))).isEqualTo(before);
    }

    @Test
    void everyDistinctPromptIsRecordedOnceAndNamedByTheSamples() throws Exception {
        Path run = tmp.resolve("run");
        String[] args = {"run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--samples", "3", "--limit", "4",
                "--out", run.toString()};
        assertThat(Cli.run(args).exit()).isZero();
        List<JsonNode> prompts = lines(run.resolve("prompts.jsonl"));
        assertThat(prompts).hasSize(4);
        Set<String> recorded = new HashSet<>();
        for (JsonNode p : prompts) {
            assertThat(p.get("kind").asText()).isEqualTo("chat");
            String display = "[user]\n" + p.at("/messages/0/content").asText() + "\n";
            assertThat(Hashing.sha256(display)).isEqualTo(p.get("sha256").asText());
            recorded.add(p.get("sha256").asText());
        }
        for (JsonNode s : lines(run.resolve("samples.jsonl"))) assertThat(recorded).contains(s.get("prompt_sha256").asText());

        // Extending the run adds the new problems' prompts only; resuming adds none.
        args[args.length - 3] = "6";
        assertThat(Cli.run(args).exit()).isZero();
        assertThat(Cli.run(args).exit()).isZero();
        assertThat(lines(run.resolve("prompts.jsonl"))).hasSize(6).extracting(p -> p.get("sha256").asText()).doesNotHaveDuplicates();
    }

    @Test
    void mergedShardsKeepEveryPrompt() throws Exception {
        for (int i = 0; i < 2; i++) {
            Cli c = Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--samples", "2", "--limit", "5",
                    "--shard", i + "/2", "--out", tmp.resolve("s" + i).toString());
            assertThat(c.exit()).as(c.err()).isZero();
        }
        Cli m = Cli.run("merge", tmp.resolve("s0").toString(), tmp.resolve("s1").toString(), "--out", tmp.resolve("merged").toString());
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(lines(tmp.resolve("merged/prompts.jsonl"))).hasSize(5);
    }
}
