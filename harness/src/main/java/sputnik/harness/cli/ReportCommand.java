package sputnik.harness.cli;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.registry.Named;
import sputnik.harness.registry.Plugins;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;
import sputnik.harness.util.AtomicFiles;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write a run's reports (report.md, report.html, report.json, samples.csv) into its directory and print its scores.",
            "Scores are computed afresh from samples.jsonl, so this works on a run in progress too."
        },
        footer = {"", "Examples:", "  sputnik report runs/demo", "  sputnik report runs/demo --format json --no-files"})
final class ReportCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory (the --out of 'sputnik run').")
    Path dir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "What to print: text (a table for people), json (summary.json), or another installed format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--no-files", description = "Only print; write no report files.")
    boolean noFiles;

    @Override
    public Integer call() throws Exception {
        RunReport report = SummaryPrinter.load(dir);
        List<String> written = new ArrayList<>();
        if (!noFiles) {
            for (Named<ReportWriter> w : Plugins.reportWriters().entries()) {
                String file = w.value().fileName();
                if (file == null) continue;
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                w.value().write(report, buf);
                AtomicFiles.write(dir.resolve(file), buf.toByteArray());
                written.add(file);
            }
        }
        SummaryPrinter.print(report, format, spec.commandLine().getOut());
        if (!written.isEmpty()) spec.commandLine().getErr().println("sputnik: wrote " + String.join(", ", written) + " in " + dir);
        return 0;
    }
}
