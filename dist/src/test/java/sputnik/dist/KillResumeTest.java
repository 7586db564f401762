package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Json;

/**
 * The promise of a run directory: kill -9 a run part-way, run the same command again, and the result
 * is exactly that of an uninterrupted run, with no sample done twice or lost.
 */
class KillResumeTest {
    @TempDir
    Path tmp;

    private static List<String> command(Path out) {
        return Cli.command("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--limit", "50", "--samples",
                "4", "--replay-delay-ms", "15", "--concurrency", "2", "--out", out.toString());
    }

    private static Process start(Path out, Path log) throws Exception {
        return new ProcessBuilder(command(out)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int lines(Path f) throws Exception {
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    @Test
    void aKilledRunResumesToExactlyTheUninterruptedResult() throws Exception {
        Path whole = tmp.resolve("whole");
        Process p = start(whole, tmp.resolve("whole.log"));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("whole.log"))).isZero();

        Path killed = tmp.resolve("killed");
        Process victim = start(killed, tmp.resolve("killed.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(killed.resolve("samples.jsonl")) < 40 && victim.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(victim.isAlive()).as("the run must still be going when it is killed").isTrue();
        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no chance to tidy up
        victim.waitFor(30, TimeUnit.SECONDS);
        int before = lines(killed.resolve("samples.jsonl"));
        assertThat(before).isBetween(40, 199);
        assertThat(Files.readString(killed.resolve("run.json"))).contains("\"running\"");

        Process again = start(killed, tmp.resolve("again.log"));
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as(Files.readString(tmp.resolve("again.log"))).isZero();

        List<String> samples = Files.readAllLines(killed.resolve("samples.jsonl"));
        Set<String> ids = new HashSet<>();
        List<String> dups = new ArrayList<>();
        for (String line : samples) {
            String id = Json.MAPPER.readTree(line).get("sample_id").asText();
            if (!ids.add(id)) dups.add(id);
        }
        assertThat(dups).isEmpty();
        assertThat(ids).hasSize(200);
        assertThat(Files.readString(killed.resolve("summary.json"))).isEqualTo(Files.readString(whole.resolve("summary.json")));
        assertThat(Files.readString(tmp.resolve("again.log"))).contains("resuming").contains(" of 200 samples already done")
                .contains("marked crashed");
        var sessions = Json.MAPPER.readTree(killed.resolve("run.json").toFile()).get("sessions");
        assertThat(sessions.get(0).get("status").asText()).as("the killed session").isEqualTo("crashed");
        assertThat(sessions.get(1).get("status").asText()).isEqualTo("complete");
        assertThat(System.getProperty("java.class.path")).contains(File.pathSeparator);
    }
}
