package sputnik.harness.cli;

import java.util.List;
import picocli.CommandLine;

/** Checks shared by the commands that run a sweep on a scheduler (slurm submit, k8s manifest). */
final class SweepArgs {
    private SweepArgs() {}

    /** At least one shard, and run arguments that leave each shard's --out and --shard to the sweep. */
    static void check(CommandLine cmd, int shards, List<String> runArgs, String who) {
        if (shards < 1) throw new CommandLine.ParameterException(cmd, "--shards must be at least 1, got " + shards);
        for (String a : runArgs) {
            if (a.equals("--out") || a.startsWith("--out=") || a.equals("--shard") || a.startsWith("--shard=")) {
                throw new CommandLine.ParameterException(cmd, a + " is set by " + who + " (each shard's directory and index); leave it out");
            }
        }
    }
}
