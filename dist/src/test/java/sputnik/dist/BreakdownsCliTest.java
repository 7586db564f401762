package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Json;

/** MATH-500's scores by subject and by level, in every report format, from the real data. */
class BreakdownsCliTest {
    @TempDir
    Path tmp;

    @Test
    void aMath500RunIsBrokenDownBySubjectAndLevel() throws Exception {
        Path data = SharedData.datasets();
        Path replay = tmp.resolve("replay.jsonl");
        int levelThreeOrLess = 0;
        try (BufferedWriter w = Files.newBufferedWriter(replay)) {
            for (String line : Files.readAllLines(data.resolve("math500/math500.jsonl"))) {
                JsonNode rec = Json.MAPPER.readTree(line);
                boolean easy = rec.get("level").asInt() <= 3;
                if (easy) levelThreeOrLess++;
                // Right on levels 1-3, no answer on 4-5: the level breakdown must show exactly that.
                w.write(Json.line(Map.of("problem_id", rec.get("unique_id").asText(), "response", easy ? "\\boxed{" + rec.get("answer").asText() + "}"
                        : "I do not know.")) + "\n");
            }
        }
        Path out = tmp.resolve("run");
        Cli c = Cli.run("run", "--suite", "math500", "--engine", "replay", "--responses", replay.toString(), "--data-dir", data.toString(), "--offline",
                "--samples", "1", "--replay-delay-ms", "0", "--concurrency", "4", "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("by subject (pass@1, 95% CI over the group's problems):").contains("by level");
        Cli r = Cli.run("report", out.toString()); // the suite's data from ../shared, as the launcher names it
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        JsonNode level = null, subject = null;
        for (JsonNode b : report.get("breakdowns")) {
            if (b.get("field").asText().equals("level")) level = b;
            if (b.get("field").asText().equals("subject")) subject = b;
        }
        assertThat(subject).isNotNull();
        assertThat(subject.get("groups")).hasSize(7);
        int sum = 0;
        for (JsonNode g : subject.get("groups")) sum += g.get("problems").asInt();
        assertThat(sum).isEqualTo(500);
        assertThat(level.get("groups")).hasSize(5);
        int easy = 0;
        for (JsonNode g : level.get("groups")) {
            double p = g.get("pass_at_1").asDouble();
            if (g.get("value").asInt() <= 3) {
                assertThat(p).isEqualTo(1.0);
                easy += g.get("problems").asInt();
            } else {
                assertThat(p).isEqualTo(0.0);
            }
        }
        assertThat(easy).isEqualTo(levelThreeOrLess);
        assertThat(Files.readString(out.resolve("report.md"))).contains("## By subject").contains("## By level");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<h2>By subject</h2>");
    }
}
