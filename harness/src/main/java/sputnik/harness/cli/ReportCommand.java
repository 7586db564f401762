package sputnik.harness.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Print a run's scores (scored afresh from its samples.jsonl), also for a run still in progress.",
        footer = {"", "Examples:", "  sputnik report runs/demo", "  sputnik report runs/demo --format json"})
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory (the --out of 'sputnik run').")
    Path dir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a table for people), json (summary.json), or another installed report format (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        SummaryPrinter.print(SummaryPrinter.load(dir), format, spec.commandLine().getOut());
        return 0;
    }
}
