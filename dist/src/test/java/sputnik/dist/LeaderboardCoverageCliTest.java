package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Json;

/**
 * The leaderboard ranks only like with like: runs of one suite over one problem set, each complete.
 * An unfinished run is left out (or, with --include-incomplete, listed unranked and marked), and
 * every format says how much of its plan each run covered.
 */
class LeaderboardCoverageCliTest {
    @TempDir
    Path tmp;

    private Path run(String name, String... extra) {
        Path out = tmp.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(),
                "--concurrency", "4", "--out", out.toString()));
        args.addAll(List.of(extra));
        Cli c = Cli.run(args.toArray(String[]::new));
        assertThat(c.exit()).as(c.err()).isZero();
        return out;
    }

    /** A 200 x 16 run of which only sample 0 of each problem is done, as when a --samples 1 run is extended and stopped at once. */
    private Path oneOfSixteen() throws Exception {
        Path dir = run("one-of-16", "--samples", "16", "--limit", "200");
        Path samples = dir.resolve("samples.jsonl");
        Files.write(samples, Files.readAllLines(samples).stream().filter(l -> l.contains("\"sample_index\":0,")).toList());
        return dir;
    }

    private Path aime() throws Exception {
        Path file = tmp.resolve("aime-replay.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (String line : Files.readAllLines(SharedData.datasets().resolve("aime2024/aime2024.jsonl"))) {
                JsonNode rec = Json.MAPPER.readTree(line);
                w.write(Json.line(Map.of("problem_id", rec.get("id").asText(), "response", "\\boxed{" + rec.get("answer").asText() + "}")) + "\n");
            }
        }
        Path out = tmp.resolve("aime");
        Cli c = Cli.run("run", "--suite", "aime2024", "--engine", "replay", "--responses", file.toString(), "--data-dir",
                SharedData.datasets().toString(), "--offline", "--samples", "1", "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        return out;
    }

    private static List<CSVRecord> csv(Path f) throws Exception {
        try (var p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(Files.newBufferedReader(f))) {
            return p.getRecords();
        }
    }

    @Test
    void anUnfinishedRunIsLeftOutAndRunsOverOtherProblemsGetTheirOwnTable() throws Exception {
        Path full = run("full", "--samples", "2", "--limit", "200");
        Path fifty = run("fifty", "--samples", "2", "--limit", "50");
        Path thin = oneOfSixteen();
        Path out = tmp.resolve("lb");
        Cli c = Cli.run("leaderboard", full.toString(), fifty.toString(), thin.toString(), aime().toString(), "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        String md = c.out();
        assertThat(md).contains("## arith: 200 problems").contains("## arith: 50 problems").contains("## aime2024: 30 problems")
                .contains("200x2 of 200x2").contains("50x2 of 50x2").contains("30x1 of 30x1");
        assertThat(md).contains("Left out").contains("one-of-16").contains("200x1 of 200x16").contains("--include-incomplete");
        assertThat(md.lines().filter(l -> l.startsWith("| 1")).count()).as(md).isEqualTo(3);
        assertThat(md.lines().filter(l -> l.contains("one-of-16") && l.startsWith("|"))).isEmpty();
        assertThat(c.err()).contains("left out 1 incomplete run").contains("one-of-16");

        List<CSVRecord> rows = csv(out.resolve("leaderboard.csv"));
        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(r -> r.get("rank")).containsOnly("1");
        CSVRecord fullRow = rows.stream().filter(r -> r.get("run").equals(full.toString())).findFirst().orElseThrow();
        assertThat(fullRow.get("problems_complete")).isEqualTo("200");
        assertThat(fullRow.get("problems_planned")).isEqualTo("200");
        assertThat(fullRow.get("samples_done")).isEqualTo("400");
        assertThat(fullRow.get("samples_planned")).isEqualTo("400");
        assertThat(fullRow.get("complete")).isEqualTo("true");
        assertThat(rows.stream().map(r -> r.get("problem_set")).distinct()).hasSize(3);

        JsonNode json = Json.MAPPER.readTree(out.resolve("leaderboard.json").toFile());
        assertThat(json.get("tables")).hasSize(3);
        assertThat(json.at("/tables/0/suite").asText()).isEqualTo("aime2024");
        assertThat(json.at("/tables/1/rows/0/coverage/label").asText()).isEqualTo("200x2 of 200x2");
        assertThat(json.at("/left_out/0/run").asText()).isEqualTo(thin.toString());

        String html = Files.readString(out.resolve("leaderboard.html"));
        assertThat(html).contains("arith: 200 problems").contains("arith: 50 problems").contains("200x2 of 200x2").contains("one-of-16");
    }

    @Test
    void includeIncompleteListsTheRunUnrankedAndMarkedInEveryFormat() throws Exception {
        Path full = run("full", "--samples", "2", "--limit", "200");
        Path thin = oneOfSixteen();
        Path out = tmp.resolve("lb");
        Cli c = Cli.run("leaderboard", thin.toString(), full.toString(), "--out", out.toString(), "--include-incomplete");
        assertThat(c.exit()).as(c.err()).isZero();
        List<String> table = c.out().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| rank")).toList();
        assertThat(table).hasSize(2);
        assertThat(table.get(0)).startsWith("| 1").contains("/full");
        assertThat(table.get(1)).startsWith("| incomplete").contains("200x1 of 200x16").contains("one-of-16");

        List<CSVRecord> rows = csv(out.resolve("leaderboard.csv"));
        CSVRecord thinRow = rows.stream().filter(r -> r.get("run").equals(thin.toString())).findFirst().orElseThrow();
        assertThat(thinRow.get("rank")).isEmpty();
        assertThat(thinRow.get("complete")).isEqualTo("false");
        assertThat(thinRow.get("samples_done")).isEqualTo("200");
        assertThat(thinRow.get("samples_planned")).isEqualTo("3200");

        JsonNode json = Json.MAPPER.readTree(out.resolve("leaderboard.json").toFile());
        JsonNode rowsJson = json.at("/tables/0/rows");
        assertThat(rowsJson.get(1).get("rank").isNull()).isTrue();
        assertThat(rowsJson.get(1).get("complete").asBoolean()).isFalse();
        assertThat(Files.readString(out.resolve("leaderboard.html"))).contains("incomplete").contains("200x1 of 200x16");
    }

    @Test
    void onlyIncompleteRunsIsAnErrorThatSaysWhatToDo() throws Exception {
        Path thin = oneOfSixteen();
        Cli c = Cli.run("leaderboard", thin.toString(), "--out", tmp.resolve("lb").toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("nothing to rank").contains("200x1 of 200x16").contains("--include-incomplete");
    }

    @Test
    void csvAndJsonCarryPlainNumbers() throws Exception {
        Path full = run("full", "--samples", "2", "--limit", "60", "--replay-delay-ms", "1");
        Path out = tmp.resolve("lb");
        Cli c = Cli.run("leaderboard", full.toString(), "--out", out.toString(), "--hardware", "H800", "--devices", "2");
        assertThat(c.exit()).as(c.err()).isZero();
        List<String> header = List.of(Files.readAllLines(out.resolve("leaderboard.csv")).getFirst().split(","));
        assertThat(header).contains("pass_at_1", "pass_at_1_ci_low", "usd_per_1m_output_tokens", "run_usd", "usd_per_solved", "output_tokens_per_s");
        CSVRecord row = csv(out.resolve("leaderboard.csv")).getFirst();
        for (String column : List.of("pass_at_1", "pass_at_1_ci_low", "pass_at_1_ci_high", "cons_at_k", "mean_output_tokens", "output_tokens_per_s",
                "usd_per_1m_output_tokens", "run_usd", "usd_per_solved", "pass_at_1_per_usd", "problems_planned", "samples_done")) {
            assertThat(row.get(column)).as(column).matches("-?[0-9]+(\\.[0-9]+)?");
        }
        JsonNode r = Json.MAPPER.readTree(out.resolve("leaderboard.json").toFile()).at("/tables/0/rows/0");
        assertThat(r.get("pass_at_1").isNumber()).isTrue();
        assertThat(r.at("/cost/usd_per_solved").isNumber()).isTrue();
        assertThat(r.at("/coverage/samples_done").asInt()).isEqualTo(120);
    }
}
