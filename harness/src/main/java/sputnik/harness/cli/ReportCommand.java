package sputnik.harness.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.api.UsageException;
import sputnik.harness.registry.Named;
import sputnik.harness.registry.Plugins;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;
import sputnik.harness.util.AtomicFiles;
import sputnik.harness.util.IoErrors;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write a run's reports (report.md, report.html, report.json, samples.csv) into its directory, or into --out DIR,",
            "and print its scores.",
            "Scores are computed afresh from samples.jsonl, so this works on a run in progress too."
        },
        footer = {"", "Examples:", "  sputnik report runs/demo", "  sputnik report runs/demo --out reports/demo",
            "  sputnik report runs/demo --format json --no-files"})
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

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the report files into DIR (created if missing) instead of the run directory, which may then be read-only.")
    Path out;

    @Option(names = "--claim", paramLabel = "NAME",
            description = "Hold the run against this published number ('sputnik claims'), instead of the one for its model and suite.")
    String claim;

    @Override
    public Integer call() throws Exception {
        RunReport report = SummaryPrinter.load(dir);
        if (claim != null) {
            // The writers find the claim to check where run --claim leaves it: in run.json's environment.
            var env = new java.util.LinkedHashMap<>(report.manifest().environment());
            env.put("claim", claim);
            report = new RunReport(report.dir(), report.manifest().withEnvironment(env), report.summary(), report.samples(), report.errors());
        }
        Path target = out != null ? out : dir;
        List<String> written = new ArrayList<>();
        if (!noFiles) {
            for (Named<ReportWriter> w : Plugins.reportWriters().entries()) {
                String file = w.value().fileName();
                if (file == null) continue;
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                w.value().write(report, buf);
                write(target, file, buf.toByteArray());
                written.add(file);
            }
        }
        SummaryPrinter.print(report, format, spec.commandLine().getOut());
        if (!written.isEmpty()) spec.commandLine().getErr().println("sputnik: wrote " + String.join(", ", written) + " in " + target);
        return 0;
    }

    /** A run directory may be read-only (an archive, another user's run): say where to write instead of a stack trace. */
    private void write(Path target, String file, byte[] content) throws UsageException {
        try {
            Files.createDirectories(target);
            AtomicFiles.write(target.resolve(file), content);
        } catch (IOException e) {
            throw new UsageException("cannot write the reports into " + target + " (" + IoErrors.reason(e)
                    + "): pass --out DIR to write them elsewhere, or --no-files");
        }
    }
}
