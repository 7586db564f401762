package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Json;

/**
 * A run whose disk fills up, on a real file system that runs out of space (a small tmpfs in a private mount
 * namespace): it stops at the first failed write with one line naming the file and the cause, leaves only
 * whole records, ends its session as failed, and resumes to exactly the uninterrupted result once there is
 * space again. A read-only --out is one plain line and exit code 2.
 */
class FullDiskTest {
    @TempDir
    Path tmp;

    private static final String[] RUN = {"run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(),
        "--limit", "50", "--samples", "4", "--concurrency", "4"};

    @BeforeEach
    void namespaces() {
        String why = MountNamespace.whyUnavailable(tmp);
        assumeTrue(why == null, why);
    }

    private static List<String> run(Path out) {
        List<String> args = new ArrayList<>(List.of(RUN));
        args.addAll(List.of("--out", out.toString()));
        return Cli.command(args.toArray(String[]::new));
    }

    @Test
    void aFullDiskStopsTheRunWhichResumesOnceThereIsSpace() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("small"));
        Path saved = tmp.resolve("saved");
        // 320 KiB: the run's 256 KiB reserve, run.json and room for about 80 of the 200 samples.
        String script = "mount -t tmpfs -o size=320k tmpfs \"$1\" || exit 99; saved=\"$2\"; out=\"$3\"; shift 3; "
                + "\"$@\" > \"$saved.log\" 2>&1; echo $? > \"$saved.rc\"; cp -a \"$out\" \"$saved\"";
        List<String> args = new ArrayList<>(List.of(mnt.toString(), saved.toString(), mnt.resolve("run").toString()));
        args.addAll(run(mnt.resolve("run")));
        MountNamespace.Result r = MountNamespace.run(script, args, 180);
        assertThat(r.exit()).as(r.output()).isZero();

        String log = Files.readString(Path.of(saved + ".log"));
        assertThat(Files.readString(Path.of(saved + ".rc")).strip()).as(log).isEqualTo("1");
        List<String> noSpace = log.lines().filter(l -> l.contains("No space left on device")).toList();
        assertThat(noSpace).as(log).hasSize(1);
        assertThat(noSpace.getFirst()).startsWith("sputnik: cannot write ").contains("samples.jsonl").contains("run the same command again");
        assertThat(log).doesNotContain("Exception").doesNotContain("sputnik: error");

        List<String> lines = Files.readAllLines(saved.resolve("samples.jsonl"));
        assertThat(Files.readString(saved.resolve("samples.jsonl"))).endsWith("\n");
        for (String line : lines) Json.MAPPER.readTree(line); // whole records only: no torn line
        assertThat(lines.size()).isBetween(1, 199);
        try (var files = Files.list(saved)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        assertThat(Files.readAllLines(saved.resolve("errors.jsonl"))).as("abandoned samples are not errors of their own").isEmpty();
        JsonNode session = Json.MAPPER.readTree(saved.resolve("run.json").toFile()).at("/sessions/0");
        assertThat(session.get("status").asText()).isEqualTo("failed");
        assertThat(session.get("error").asText()).contains("samples.jsonl").contains("No space left on device");

        // Space again: the same command on the saved directory finishes it, exactly as a run that never stopped.
        Process again = new ProcessBuilder(run(saved)).redirectErrorStream(true).redirectOutput(tmp.resolve("again.log").toFile()).start();
        assertThat(again.waitFor()).as(Files.readString(tmp.resolve("again.log"))).isZero();
        Process whole = new ProcessBuilder(run(tmp.resolve("whole"))).redirectErrorStream(true).redirectOutput(tmp.resolve("whole.log").toFile()).start();
        assertThat(whole.waitFor()).as(Files.readString(tmp.resolve("whole.log"))).isZero();
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(saved.resolve("samples.jsonl"))) assertThat(ids.add(Json.MAPPER.readTree(line).get("sample_id").asText())).isTrue();
        assertThat(ids).hasSize(200);
        assertThat(Files.readString(saved.resolve("summary.json"))).isEqualTo(Files.readString(tmp.resolve("whole").resolve("summary.json")));
        assertThat(Json.MAPPER.readTree(saved.resolve("run.json").toFile()).at("/sessions/0/status").asText()).isEqualTo("failed");
        assertThat(saved.resolve(".space-reserve")).doesNotExist();
    }

    @Test
    void aReadOnlyOutIsOnePlainLineAndAUsageError() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        String script = "mount -t tmpfs -o ro,size=64k tmpfs \"$1\" || exit 99; shift; \"$@\"";
        List<String> args = new ArrayList<>(List.of(ro.toString()));
        args.addAll(run(ro.resolve("run")));
        MountNamespace.Result r = MountNamespace.run(script, args, 120);
        assertThat(r.exit()).as(r.output()).isEqualTo(2);
        List<String> said = r.output().lines().filter(l -> l.startsWith("sputnik:")).toList();
        assertThat(said).as(r.output()).containsExactly("sputnik: cannot write the run directory " + ro.resolve("run")
                + " (Read-only file system): choose another --out");
        assertThat(r.output()).doesNotContain("Exception");
    }
}
