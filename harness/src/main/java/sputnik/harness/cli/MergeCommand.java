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

    @Override
    public Integer call() throws Exception {
        ShardMerge.Result r = ShardMerge.merge(shards, out, allowPartial);
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
