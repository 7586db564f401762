package sputnik.harness.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.AtomicFiles;
import sputnik.harness.util.Json;

/**
 * A run as a Slurm array job: task I runs shard I ({@code run ... --shard auto/N}, the index from
 * {@code $SLURM_ARRAY_TASK_ID}), and a merge job that waits for all of them ({@code afterok}) puts the
 * shards together. The scripts are written under the run's directory first, so that what was
 * submitted can be read and submitted again by hand; the environment (an API key, say) is passed by
 * Slurm's default {@code --export=ALL}, never written into them.
 */
public final class SlurmSubmission {
    /** What was submitted: the array job, the merge job, and where the scripts are. */
    public record Submitted(String arrayJob, String mergeJob, Path shardScript, Path mergeScript) {}

    private SlurmSubmission() {}

    public static Submitted submit(ShardLayout layout, List<String> launcher, List<String> runArgs, List<String> sbatchArgs, String name)
            throws IOException, UsageException, InterruptedException {
        Files.createDirectories(layout.jobs());
        Files.createDirectories(layout.dir().resolve("shards"));
        int n = layout.count();
        List<String> run = new ArrayList<>(launcher);
        run.add("run");
        run.addAll(runArgs);
        run.addAll(List.of("--shard", "auto/" + n));
        String shard = "#!/bin/bash\n"
                + "# Written by `sputnik slurm submit`: array task I runs shard I of " + n + "; a task run again resumes its shard.\n"
                + "#SBATCH --job-name=" + name + "\n"
                + "#SBATCH --array=0-" + (n - 1) + "\n"
                + "#SBATCH --output=" + layout.jobs().resolve("shard-%a.log") + "\n"
                + "set -euo pipefail\n"
                + "exec " + ShellQuote.words(run) + " --out \"" + layout.shardPattern("SLURM_ARRAY_TASK_ID") + "\"\n";
        List<String> merge = new ArrayList<>(launcher);
        merge.add("merge");
        for (Path p : layout.shards()) merge.add(p.toString());
        merge.addAll(List.of("--out", layout.merged().toString()));
        String mergeScript = "#!/bin/bash\n"
                + "# Written by `sputnik slurm submit`: puts the " + n + " shards together once all have finished.\n"
                + "#SBATCH --job-name=" + name + "-merge\n"
                + "#SBATCH --output=" + layout.jobs().resolve("merge.log") + "\n"
                + "set -euo pipefail\n"
                + "exec " + ShellQuote.words(merge) + "\n";
        Path shardFile = layout.jobs().resolve("shard.sbatch"), mergeFile = layout.jobs().resolve("merge.sbatch");
        AtomicFiles.write(shardFile, shard);
        AtomicFiles.write(mergeFile, mergeScript);
        List<String> first = new ArrayList<>(List.of("sbatch", "--parsable"));
        first.addAll(sbatchArgs);
        first.add(shardFile.toString());
        String arrayJob = sbatch(first);
        List<String> second = new ArrayList<>(List.of("sbatch", "--parsable", "--dependency=afterok:" + arrayJob));
        second.addAll(sbatchArgs);
        second.add(mergeFile.toString());
        String mergeJob = sbatch(second);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("scheduler", "slurm");
        record.put("array_job", arrayJob);
        record.put("merge_job", mergeJob);
        record.put("shards", n);
        record.put("submitted_at", Instant.now().toString());
        record.put("run_args", runArgs);
        record.put("sbatch_args", sbatchArgs);
        AtomicFiles.write(layout.jobs().resolve("jobs.json"), Json.pretty(record));
        return new Submitted(arrayJob, mergeJob, shardFile, mergeFile);
    }

    /** Runs sbatch and returns the job id it printed (--parsable: "id" or "id;cluster"). */
    private static String sbatch(List<String> cmd) throws IOException, UsageException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UsageException("cannot run sbatch (" + e.getMessage() + "): run this on a Slurm login node, with sbatch on the PATH");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new UsageException("sbatch did not answer within 60 s: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0 || !out.matches("\\d+(;\\S+)?")) {
            throw new UsageException("sbatch refused the job (exit " + p.exitValue() + "): " + out.lines().findFirst().orElse("")
                    + "; the script is " + cmd.getLast());
        }
        return out.split(";")[0];
    }
}
