package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Json;

/** report, compare and leaderboard through the CLI on real replay runs. */
class ReportsCliTest {
    @TempDir
    Path tmp;

    private Path run(String name, Path responses) {
        Path out = tmp.resolve(name);
        Cli c = Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", responses.toString(), "--limit", "60", "--samples",
                "2", "--replay-delay-ms", "1", "--concurrency", "4", "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        return out;
    }

    /** The demo responses with every boxed answer on some lines made wrong. */
    private Path worse(int everyNth) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Cli.REPLAY));
        for (int i = 0; i < lines.size(); i += everyNth) lines.set(i, lines.get(i).replace("\\\\boxed{", "\\\\boxed{9"));
        Path f = tmp.resolve("worse-" + everyNth + ".jsonl");
        Files.write(f, lines);
        return f;
    }

    @Test
    void reportWritesItsFilesIntoTheRunDirectory() throws Exception {
        Path dir = run("base", Cli.REPLAY);
        Cli c = Cli.run("report", dir.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        for (String f : List.of("report.md", "report.html", "report.json", "samples.csv")) assertThat(dir.resolve(f)).isNotEmptyFile();
        assertThat(Files.readAllLines(dir.resolve("samples.csv"))).hasSize(121);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("data:image/png;base64,").doesNotContain("src=\"http").doesNotContain("href=\"http");
        assertThat(Json.MAPPER.readTree(dir.resolve("report.json").toFile()).at("/summary/counts/samples_done").asInt()).isEqualTo(120);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Per problem").contains("| arith-000 |");
    }

    @Test
    void theGateFailsOnARealDropAndPassesOnTheSameRun() throws Exception {
        Path base = run("base", Cli.REPLAY);
        Path same = run("same", Cli.REPLAY);
        Path worse = run("worse", worse(2));
        assertThat(Cli.run("compare", base.toString(), same.toString(), "--fail-on-regression").exit()).isZero();
        Cli drop = Cli.run("compare", base.toString(), worse.toString(), "--fail-on-regression", "--out", tmp.resolve("cmp").toString());
        assertThat(drop.exit()).isEqualTo(1);
        assertThat(drop.out()).contains("**REGRESSION**");
        assertThat(tmp.resolve("cmp/compare-junit.xml")).content().contains("<failure");
        assertThat(Json.MAPPER.readTree(tmp.resolve("cmp/compare.json").toFile()).get("regression").asBoolean()).isTrue();
        assertThat(Cli.run("compare", base.toString(), worse.toString()).exit()).as("without --fail-on-regression").isZero();
        assertThat(Cli.run("compare", base.toString(), worse.toString(), "--fail-on-regression", "--min-delta", "0.9").exit()).isZero();
    }

    @Test
    void runsOfDifferentSuitesAreNotCompared() throws Exception {
        Path base = run("base", Cli.REPLAY);
        Path other = tmp.resolve("other");
        Cli c = Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--limit", "5", "--samples", "1",
                "--prompt", "plain", "--out", other.toString());
        assertThat(c.exit()).isZero();
        Cli refused = Cli.run("compare", base.toString(), other.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("not comparable: prompt_template (chat vs plain)").contains("--force");
        assertThat(Cli.run("compare", base.toString(), other.toString(), "--force").exit()).isZero();
    }

    @Test
    void leaderboardRanksRunsAndPricesThem() throws Exception {
        Path base = run("base", Cli.REPLAY);
        Path worse = run("worse", worse(2));
        Path out = tmp.resolve("lb");
        Cli c = Cli.run("leaderboard", base.toString(), worse.toString(), "--out", out.toString(), "--hardware", "H800", "--devices", "2");
        assertThat(c.exit()).as(c.err()).isZero();
        for (String f : List.of("leaderboard.md", "leaderboard.html", "leaderboard.csv", "leaderboard.json", "leaderboard.png")) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        assertThat(c.out().lines().filter(l -> l.startsWith("| 1")).findFirst().orElseThrow()).contains("arith-replay.jsonl");
        assertThat(Cli.run("leaderboard", base.toString(), "--out", out.toString(), "--hardware", "TPU").err()).contains("unknown hardware 'TPU'");
    }
}
