package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Json;

/**
 * `run --shard I/N` and `merge`: N shards do exactly the unsharded run's work, and merged they are
 * that run (summary.json byte for byte; samples.jsonl record for record in the plan's order, but for
 * when each sample finished); shards that do not fit together are refused, naming why.
 */
class ShardMergeCliTest {
    @TempDir
    Path tmp;

    private List<String> args(String out, int samples, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--limit",
                "40", "--samples", String.valueOf(samples), "--replay-delay-ms", "0", "--concurrency", "4", "--out", tmp.resolve(out).toString()));
        a.addAll(List.of(more));
        return a;
    }

    private Cli run(String out, int samples, String... more) {
        Cli c = Cli.run(args(out, samples, more).toArray(String[]::new));
        assertThat(c.exit()).as(c.err()).isZero();
        return c;
    }

    private Cli merge(String out, String... shards) {
        List<String> a = new ArrayList<>(List.of("merge", "--out", tmp.resolve(out).toString()));
        for (String s : shards) a.add(s.startsWith("--") ? s : tmp.resolve(s).toString());
        return Cli.run(a.toArray(String[]::new));
    }

    /** samples.jsonl in the plan's order (problem, then sample index), without finished_at. */
    private List<String> records(String dir) throws Exception {
        List<ObjectNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tmp.resolve(dir).resolve("samples.jsonl"))) {
            ObjectNode n = (ObjectNode) Json.MAPPER.readTree(line);
            n.remove("finished_at");
            rows.add(n);
        }
        rows.sort(Comparator.comparing((ObjectNode n) -> n.get("problem_id").asText()).thenComparingInt(n -> n.get("sample_index").asInt()));
        return rows.stream().map(ObjectNode::toString).toList();
    }

    private void assertSameRun(String merged, String whole) throws Exception {
        assertThat(Files.readString(tmp.resolve(merged).resolve("summary.json"))).isEqualTo(Files.readString(tmp.resolve(whole).resolve("summary.json")));
        assertThat(records(merged)).isEqualTo(records(whole));
        // merge writes the plan's order itself
        List<String> ids = Files.readAllLines(tmp.resolve(merged).resolve("samples.jsonl")).stream()
                .map(l -> l.substring(0, l.indexOf("\",\"suite\""))).toList();
        assertThat(ids).isSortedAccordingTo(Comparator.naturalOrder());
    }

    @Test
    void fourShardsMergedAreTheUnshardedRunAndItResumesAsOne() throws Exception {
        run("whole", 3);
        int done = 0;
        for (int i = 0; i < 4; i++) {
            Cli c = run("s" + i, 3, "--shard", i + "/4");
            assertThat(c.err()).contains("shard " + i + "/4 is complete");
            done += Files.readAllLines(tmp.resolve("s" + i).resolve("samples.jsonl")).size();
        }
        assertThat(done).isEqualTo(120); // every sample once
        Cli m = merge("merged", "s0", "s1", "s2", "s3");
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(m.err()).contains("merged 4 of 4 shards (120 samples)");
        assertSameRun("merged", "whole");
        assertThat(Files.readString(tmp.resolve("merged").resolve("run.json"))).contains("merged_from").doesNotContain("\"shard\" : \"0/4\",\n    \"samples");
        Cli again = Cli.run(args("merged", 3).toArray(String[]::new));
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("120 of 120 samples already done");
    }

    @Test
    void aShardKeepsItsSamplesWhenTheRunGrows() throws Exception {
        for (int i = 0; i < 3; i++) run("g" + i, 2, "--shard", i + "/3");
        for (int i = 0; i < 3; i++) {
            Cli c = run("g" + i, 4, "--shard", i + "/3");
            assertThat(c.err()).containsPattern("resuming .*: \\d+ of \\d+ samples already done");
        }
        run("whole4", 4);
        assertThat(merge("grown", "g0", "g1", "g2").exit()).isZero();
        assertSameRun("grown", "whole4");
    }

    @Test
    void shardsThatDoNotFitAreRefusedNamingWhy() throws Exception {
        for (int i = 0; i < 3; i++) run("p" + i, 2, "--shard", i + "/4");
        Cli gap = merge("m1", "p0", "p1", "p2");
        assertThat(gap.exit()).isEqualTo(2);
        assertThat(gap.err()).contains("samples missing (shard 3/4 not given)").contains("arith:arith-").contains("--allow-partial");
        assertThat(tmp.resolve("m1")).doesNotExist();
        Cli twice = merge("m2", "p0", "p1", "p1");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("the shards overlap: shard 1/4 is given twice");
        run("other-seed", 2, "--shard", "3/4", "--seed", "9");
        Cli seed = merge("m3", "p0", "p1", "p2", "other-seed");
        assertThat(seed.exit()).isEqualTo(2);
        assertThat(seed.err()).contains("is not a shard of the same run").contains("seed");
        run("eight", 2, "--shard", "3/8");
        assertThat(merge("m4", "p0", "eight").err()).contains("different splits");
        Cli wrong = Cli.run(args("p0", 2, "--shard", "1/4").toArray(String[]::new));
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("holds shard 0/4 of a run, not shard 1/4");
        assertThat(Cli.run(args("x", 2, "--shard", "4/4").toArray(String[]::new)).err()).contains("not in 0..3");

        Cli partial = merge("partial", "p0", "p1", "p2", "--allow-partial");
        assertThat(partial.exit()).as(partial.err()).isZero();
        assertThat(partial.err()).containsPattern("\\d+ samples are missing \\(--allow-partial\\)");
        run("partial", 2); // the merged run resumes like any: it does the missing shard's samples
        run("whole2", 2);
        assertThat(Files.readString(tmp.resolve("partial").resolve("summary.json"))).isEqualTo(Files.readString(tmp.resolve("whole2").resolve("summary.json")));
        assertThat(records("partial")).isEqualTo(records("whole2"));
    }

    @Test
    void autoTakesTheIndexFromTheScheduler() throws Exception {
        Path log = tmp.resolve("auto.log");
        ProcessBuilder pb = new ProcessBuilder(Cli.command(args("slurm", 2, "--shard", "auto/4").toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SLURM_ARRAY_TASK_ID", "2");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(tmp.resolve("slurm").resolve("run.json"))).contains("\"shard\" : \"2/4\"");
        Cli none = Cli.run(args("none", 2, "--shard", "auto/4").toArray(String[]::new));
        if (System.getenv("SLURM_ARRAY_TASK_ID") == null && System.getenv("JOB_COMPLETION_INDEX") == null) {
            assertThat(none.exit()).isEqualTo(2);
            assertThat(none.err()).contains("neither $SLURM_ARRAY_TASK_ID nor $JOB_COMPLETION_INDEX is set");
        }
    }

    @Test
    void shardsKilledMidwayAndRunAgainMergeIntoTheWholeRun() throws Exception {
        int n = 4;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> a = args("k" + i, 3, "--shard", i + "/" + n);
            a.set(a.indexOf("--replay-delay-ms") + 1, "40"); // slow enough to be killed half way
            a.set(a.indexOf("--concurrency") + 1, "1");
            ps.add(new ProcessBuilder(Cli.command(a.toArray(String[]::new))).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("k" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < 2; i++) {
            Path samples = tmp.resolve("k" + i).resolve("samples.jsonl");
            for (int t = 0; t < 600 && (!Files.exists(samples) || Files.readAllLines(samples).size() < 3); t++) Thread.sleep(50);
            ps.get(i).destroyForcibly(); // SIGKILL
        }
        for (Process p : ps) p.waitFor(120, TimeUnit.SECONDS);
        assertThat(Files.readAllLines(tmp.resolve("k0").resolve("samples.jsonl")).size()).isLessThan(30);
        for (int i = 0; i < 2; i++) {
            List<String> a = args("k" + i, 3, "--shard", i + "/" + n);
            a.set(a.indexOf("--replay-delay-ms") + 1, "40");
            Cli again = Cli.run(a.toArray(String[]::new));
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.err()).contains("marked crashed").contains("shard " + i + "/4 is complete");
        }
        List<String> whole = args("whole", 3);
        whole.set(whole.indexOf("--replay-delay-ms") + 1, "40"); // the replayed timings are the delay: the same for both
        assertThat(Cli.run(whole.toArray(String[]::new)).exit()).isZero();
        Cli m = merge("killed", "k0", "k1", "k2", "k3");
        assertThat(m.exit()).as(m.err()).isZero();
        assertSameRun("killed", "whole");
    }
}
