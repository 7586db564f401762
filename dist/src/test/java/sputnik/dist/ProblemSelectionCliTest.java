package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Json;

/** --problems, --problems-file, --filter and --offset: which problems a run does, recorded in run.json, kept on resume. */
class ProblemSelectionCliTest {
    @TempDir
    Path tmp;

    private Cli run(String out, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--samples", "1",
                "--replay-delay-ms", "0", "--out", tmp.resolve(out).toString()));
        a.addAll(List.of(more));
        return Cli.run(a.toArray(String[]::new));
    }

    private JsonNode scope(String out) throws Exception {
        return Json.MAPPER.readTree(tmp.resolve(out).resolve("run.json").toFile()).get("scope");
    }

    private static List<String> ids(JsonNode scope) {
        List<String> out = new ArrayList<>();
        scope.get("problem_ids").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void namedProblemsAnOffsetAndALimitKeepTheSuitesOrderAndAreRecorded() throws Exception {
        Files.write(tmp.resolve("ids.txt"), List.of("# from a spreadsheet", "arith-007", "", "arith-001"));
        Cli c = run("named", "--problems", "arith-005,arith-002", "--problems", "arith-009", "--problems-file", tmp.resolve("ids.txt").toString());
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(ids(scope("named"))).containsExactly("arith-001", "arith-002", "arith-005", "arith-007", "arith-009");
        assertThat(scope("named").get("selection").get("problems")).hasSize(5);
        Cli again = run("named", "--problems", "arith-005,arith-002", "--problems", "arith-009", "--problems-file", tmp.resolve("ids.txt").toString());
        assertThat(again.err()).contains("5 of 5 samples already done");

        assertThat(run("window", "--offset", "10", "--limit", "5").exit()).isZero();
        assertThat(ids(scope("window"))).containsExactly("arith-010", "arith-011", "arith-012", "arith-013", "arith-014");
        assertThat(scope("window").get("selection").get("offset").asInt()).isEqualTo(10);
        assertThat(scope("window").get("limit").asInt()).isEqualTo(5);
    }

    @Test
    void aSelectionThatNamesNothingRealIsAOneLineUsageError() {
        Cli unknown = run("x", "--problems", "arith-001,nosuch");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("suite arith has no problem nosuch");
        Cli field = run("y", "--filter", "level=5");
        assertThat(field.exit()).isEqualTo(2);
        assertThat(field.err()).contains("have no field 'level'; they have: id, question");
        Cli syntax = run("z", "--filter", "level~5");
        assertThat(syntax.exit()).isEqualTo(2);
        assertThat(syntax.err()).contains("write FIELD OP VALUE");
        Cli none = run("w", "--offset", "100000");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("the selection keeps none of suite arith");
    }

    @Test
    void filtersOnMath500MetadataChooseByLevelAndSubject() throws Exception {
        Path data = SharedData.datasets();
        Map<String, JsonNode> byId = new HashMap<>();
        Path replay = tmp.resolve("math500-replay.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(replay)) {
            for (String line : Files.readAllLines(data.resolve("math500/math500.jsonl"))) {
                JsonNode rec = Json.MAPPER.readTree(line);
                byId.put(rec.get("unique_id").asText(), rec);
                w.write(Json.line(Map.of("problem_id", rec.get("unique_id").asText(), "response", "\\boxed{" + rec.get("answer").asText() + "}")) + "\n");
            }
        }
        Cli c = Cli.run("run", "--suite", "math500", "--engine", "replay", "--responses", replay.toString(), "--data-dir", data.toString(), "--offline",
                "--samples", "1", "--filter", "level>=4", "--filter", "subject=Number Theory", "--out", tmp.resolve("nt").toString());
        assertThat(c.exit()).as(c.err()).isZero();
        List<String> chosen = ids(scope("nt"));
        long expected = byId.values().stream().filter(r -> r.get("level").asInt() >= 4 && r.get("subject").asText().equals("Number Theory")).count();
        assertThat(chosen).hasSize((int) expected).isNotEmpty();
        for (String id : chosen) {
            assertThat(byId.get(id).get("level").asInt()).isGreaterThanOrEqualTo(4);
            assertThat(byId.get(id).get("subject").asText()).isEqualTo("Number Theory");
        }
        assertThat(scope("nt").get("selection").get("filter")).hasSize(2);
    }
}
