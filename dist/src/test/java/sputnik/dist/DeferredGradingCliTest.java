package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Json;

/**
 * `run --no-grade` records responses without grading them; `grade RUN_DIR --pending` grades them in
 * place, also a shard at a time from several processes at once; the result is the run graded at once.
 */
class DeferredGradingCliTest {
    @TempDir
    Path tmp;

    private List<String> run(String out, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--limit", "30",
                "--samples", "2", "--replay-delay-ms", "0", "--concurrency", "4", "--out", tmp.resolve(out).toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void responsesRecordedNowAndGradedLaterBySeveralMachinesAreTheRunGradedAtOnce() throws Exception {
        Cli whole = Cli.run(run("whole").toArray(String[]::new));
        assertThat(whole.exit()).as(whole.err()).isZero();
        Cli deferred = Cli.run(run("later", "--no-grade").toArray(String[]::new));
        assertThat(deferred.exit()).as(deferred.err()).isZero();
        assertThat(deferred.err()).contains("grading deferred (--no-grade): 60 samples await grading");
        JsonNode before = Json.MAPPER.readTree(tmp.resolve("later").resolve("summary.json").toFile());
        assertThat(before.path("verdicts").path("ungraded").asInt()).isEqualTo(60);
        assertThat(before.path("counts").path("samples_done").asInt()).isZero();

        // two "machines" grade a shard each, at once: they take turns writing
        List<Process> graders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            graders.add(new ProcessBuilder(Cli.command("grade", tmp.resolve("later").toString(), "--pending", "--shard", i + "/2"))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("grade-" + i + ".log").toFile()).start());
        }
        int graded = 0;
        for (int i = 0; i < 2; i++) {
            assertThat(graders.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(tmp.resolve("grade-" + i + ".log"));
            assertThat(graders.get(i).exitValue()).as(log).isZero();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("graded (\\d+) pending samples of shard " + i + "/2").matcher(log);
            assertThat(m.find()).as(log).isTrue();
            graded += Integer.parseInt(m.group(1));
        }
        assertThat(graded).isEqualTo(60);
        assertThat(Files.readString(tmp.resolve("later").resolve("summary.json"))).isEqualTo(Files.readString(tmp.resolve("whole").resolve("summary.json")));
        Cli again = Cli.run("grade", tmp.resolve("later").toString(), "--pending");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("graded 0 pending samples");
        Cli resumed = Cli.run(run("later").toArray(String[]::new));
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("60 of 60 samples already done");
    }
}
