package sputnik.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.api.UsageException;
import sputnik.harness.sweep.ShardLayout;
import sputnik.harness.sweep.ShardProgress;
import sputnik.harness.sweep.SlurmSubmission;
import sputnik.harness.util.Json;

@Command(name = "slurm", mixinStandardHelpOptions = true, description = "Run a sweep as a Slurm array job: one task per shard, then a merge job.",
        subcommands = {SlurmCommand.Submit.class, SlurmCommand.Status.class})
public final class SlurmCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: submit or status");
    }

    /** The command the jobs run Sputnik with: --launcher, else the ./sputnik that started this one. */
    static List<String> launcher(String flag) throws UsageException {
        String l = flag != null ? flag : System.getProperty("sputnik.launcher");
        if (l == null || l.isBlank()) throw new UsageException("--launcher is required here: the command that starts Sputnik on the nodes, e.g. /shared/sputnik/sputnik");
        return List.of(l.strip().split("\\s+"));
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Submit a run as an array job of N shards (task I runs 'run ... --shard I/N') and a merge job that waits for them.",
                "Everything goes under --out DIR: shards/I-of-N (each shard's run), run (the merged run), jobs/ (the scripts, logs, job ids).",
                "A task that fails or is requeued resumes its shard. The run's arguments come after --, as for 'sputnik run', without --out or --shard."},
            footer = {"", "Example:", "  sputnik slurm submit --shards 8 --out runs/r1-aime --sbatch=--partition=gpu --sbatch=--gres=gpu:1 -- \\",
                "      --suite aime2024 --samples 64 --engine openai --base-url http://node1:8000/v1"})
    static final class Submit implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--shards", required = true, paramLabel = "N", description = "Shards (array tasks).")
        int shards;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep's directory (on a file system every node sees).")
        Path out;

        @Option(names = "--sbatch", paramLabel = "ARG", description = "An sbatch option for both jobs, e.g. --sbatch=--partition=gpu (repeatable).")
        List<String> sbatch = new ArrayList<>();

        @Option(names = "--launcher", paramLabel = "CMD", description = "How the nodes start Sputnik (default: this ./sputnik).")
        String launcher;

        @Option(names = "--job-name", paramLabel = "NAME", defaultValue = "sputnik", description = "Slurm job name (default: ${DEFAULT-VALUE}).")
        String jobName;

        @Parameters(paramLabel = "RUN_ARGS", arity = "1..*", description = "The run's arguments, after --.")
        List<String> runArgs;

        @Override
        public Integer call() throws Exception {
            SweepArgs.check(spec.commandLine(), shards, runArgs, "slurm submit");
            ShardLayout layout = new ShardLayout(out.toAbsolutePath().normalize(), shards);
            SlurmSubmission.Submitted s = SlurmSubmission.submit(layout, launcher(launcher), runArgs, sbatch, jobName);
            var w = spec.commandLine().getOut();
            w.println("array job " + s.arrayJob() + ": " + shards + " tasks (shards 0.." + (shards - 1) + "), script " + s.shardScript());
            w.println("merge job " + s.mergeJob() + ": after all tasks succeed, into " + layout.merged() + ", script " + s.mergeScript());
            w.println("follow with: sputnik slurm status " + out);
            w.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each shard's progress, read from its run directory (samples done of its planned), and whether the merge is done.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The --out of slurm submit.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path jobs = dir.resolve("jobs").resolve("jobs.json");
            if (!Files.isRegularFile(jobs)) throw new UsageException(dir + " holds no submitted sweep (no jobs/jobs.json): give the --out of slurm submit");
            var record = Json.MAPPER.readTree(jobs.toFile());
            ShardLayout layout = new ShardLayout(dir, record.get("shards").asInt());
            var w = spec.commandLine().getOut();
            w.println("array job " + record.get("array_job").asText() + ", merge job " + record.get("merge_job").asText() + ", "
                    + layout.count() + " shards");
            int complete = 0;
            for (ShardProgress.Row r : ShardProgress.of(layout)) {
                if (r.complete()) complete++;
                w.printf("  shard %d/%d  %s  %s%n", r.index(), layout.count(), r.planned() == null ? "-" : r.done() + " of " + r.planned() + " samples",
                        r.complete() ? "complete" : r.status());
            }
            boolean merged = Files.isRegularFile(layout.merged().resolve("summary.json"));
            w.println(complete + " of " + layout.count() + " shards complete; merged run " + (merged ? "in " + layout.merged() : "not written yet"));
            w.flush();
            return 0;
        }
    }
}
