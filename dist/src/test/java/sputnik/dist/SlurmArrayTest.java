package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Json;

/**
 * `sputnik slurm submit` on a real single-node Slurm (munge, slurmctld and slurmd, which `.ci/run`
 * starts with `.ci/slurm` and names in $SLURM_CONF): 4 shards as an array job and the merge job after
 * them, and the merged run is the unsharded run. Skipped, with the reason, where there is no Slurm.
 */
class SlurmArrayTest {
    @TempDir
    Path tmp;

    static List<String> runArgs() {
        return List.of("--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--limit", "40", "--samples", "3",
                "--replay-delay-ms", "0", "--concurrency", "4");
    }

    private List<String> records(Path dir) throws Exception {
        List<ObjectNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("samples.jsonl"))) {
            ObjectNode n = (ObjectNode) Json.MAPPER.readTree(line);
            n.remove("finished_at");
            rows.add(n);
        }
        rows.sort(Comparator.comparing((ObjectNode n) -> n.get("problem_id").asText()).thenComparingInt(n -> n.get("sample_index").asInt()));
        return rows.stream().map(ObjectNode::toString).toList();
    }

    @Test
    void fourShardsAsAnArrayJobMergeIntoTheUnshardedRun() throws Exception {
        String conf = System.getenv("SLURM_CONF");
        assumeTrue(conf != null && Files.isRegularFile(Path.of(conf)) && Files.isExecutable(Path.of("/usr/bin/sbatch")),
                "no Slurm cluster: set $SLURM_CONF to a running cluster's slurm.conf (.ci/run starts one with .ci/slurm)");
        List<String> whole = new ArrayList<>(List.of("run"));
        whole.addAll(runArgs());
        whole.addAll(List.of("--out", tmp.resolve("whole").toString()));
        assertThat(Cli.run(whole.toArray(String[]::new)).exit()).isZero();

        String launcher = String.join(" ", Cli.command());
        List<String> submit = new ArrayList<>(List.of("slurm", "submit", "--shards", "4", "--out", tmp.resolve("sweep").toString(), "--launcher",
                launcher, "--job-name", "sputnik-ci", "--"));
        submit.addAll(runArgs());
        Cli s = Cli.run(submit.toArray(String[]::new));
        assertThat(s.exit()).as(s.err()).isZero();
        System.out.println("slurm submit said:\n" + s.out());
        assertThat(s.out()).containsPattern("array job \\d+: 4 tasks").containsPattern("merge job \\d+: after all tasks succeed");

        Path merged = tmp.resolve("sweep").resolve("run");
        for (int i = 0; i < 600 && !Files.isRegularFile(merged.resolve("summary.json")); i++) Thread.sleep(200);
        Cli status = Cli.run("slurm", "status", tmp.resolve("sweep").toString());
        System.out.println("slurm status said:\n" + status.out());
        Path jobs = tmp.resolve("sweep").resolve("jobs");
        for (int i = 0; i < 4; i++) System.out.println("shard task " + i + " log: " + Files.readString(jobs.resolve("shard-" + i + ".log")).lines()
                .filter(l -> l.contains("is complete")).findFirst().orElse(""));
        System.out.println("merge job log: " + (Files.exists(jobs.resolve("merge.log")) ? Files.readString(jobs.resolve("merge.log")).lines()
                .filter(l -> l.contains("merged")).findFirst().orElse("") : "(none)"));
        assertThat(merged.resolve("summary.json")).as("the merge job wrote the run").isRegularFile();
        assertThat(status.out()).contains("4 of 4 shards complete").contains("merged run in");
        assertThat(Files.readString(merged.resolve("summary.json"))).isEqualTo(Files.readString(tmp.resolve("whole").resolve("summary.json")));
        assertThat(records(merged)).isEqualTo(records(tmp.resolve("whole")));
        System.out.println("merged summary.json is byte-identical to the unsharded run's; samples identical record for record (but finished_at)");
    }
}
