package sputnik.harness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.run.ShardMerge;

@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Put the shards of a run (made with 'run --shard I/N') back into one run directory. Refuses shards whose configs or plans",
            "differ (naming the keys), that overlap, or that leave samples missing (listing them, unless --allow-partial). The result",
            "is an ordinary run: samples in the plan's order, scored as any run is; it resumes (to fill what a partial merge left",
            "out) and re-grades like any other."
        },
        footer = {"", "Example:", "  sputnik merge runs/aime-shard-*-of-8 --out runs/aime"})
public final class MergeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHARD_DIR", arity = "1..*", description = "The shards' run directories.")
    List<Path> shards;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged run directory (new, or empty).")
    Path out;

    @Option(names = "--allow-partial", description = "Merge even if samples are missing (the merged run is incomplete; run it again to finish it).")
    boolean allowPartial;

    @Option(names = "--wait", description = "Wait until every shard exists and is complete (checking every --poll-seconds), then merge: for a merge"
            + " step started beside the shards (a Kubernetes Job). Shards that do not fit together still fail at once.")
    boolean waitForShards;

    @Option(names = "--poll-seconds", paramLabel = "S", defaultValue = "30", description = "With --wait: how often to look (default: ${DEFAULT-VALUE}).")
    int pollSeconds;

    @Override
    public Integer call() throws Exception {
        if (pollSeconds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--poll-seconds must be at least 1, got " + pollSeconds);
        ShardMerge.Result r;
        while (true) {
            try {
                if (waitForShards && !shards.stream().allMatch(d -> java.nio.file.Files.isRegularFile(d.resolve("run.json")))) {
                    throw new ShardMerge.Incomplete("not every shard has started");
                }
                r = ShardMerge.merge(shards, out, allowPartial);
                break;
            } catch (ShardMerge.Incomplete e) {
                if (!waitForShards) throw e;
                spec.commandLine().getErr().println("sputnik: waiting for the shards (" + e.getMessage().split(":")[0] + "); next look in " + pollSeconds + " s");
                spec.commandLine().getErr().flush();
                Thread.sleep(pollSeconds * 1000L);
            }
        }
        var w = spec.commandLine().getOut();
        SummaryPrinter.print(out, w);
        w.flush();
        var err = WriterStream.of(spec.commandLine().getErr());
        err.println("sputnik: merged " + r.shards() + " of " + r.count() + " shards (" + r.samples() + " samples) into " + out
                + (r.missing().isEmpty() ? "" : "; " + r.missing().size() + " samples are missing (--allow-partial): run the run's command with"
                        + " --out " + out + " to finish them"));
        RecordedHooks.after(out, err);
        err.flush();
        return 0;
    }
}
