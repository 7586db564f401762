package sputnik.harness.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.RunScorer;
import sputnik.harness.metrics.Summary;
import sputnik.harness.registry.Plugins;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;
import sputnik.harness.run.RunDirectory;
import sputnik.harness.run.RunManifest;
import sputnik.harness.util.Json;

/** Loads a run directory and renders it with a report writer (the terminal table by default). */
final class SummaryPrinter {
    private SummaryPrinter() {}

    static final String DEFAULT_FORMAT = "text";

    static RunReport load(Path dir) throws IOException, UsageException {
        RunDirectory rd = RunDirectory.existing(dir);
        RunManifest m = rd.readManifest();
        // Scored afresh from samples.jsonl: the samples are the record, summary.json a derived copy.
        Summary s = RunScorer.score(m.config(), m.scope().problemIds(), m.scope().samplesPerProblem(), rd.readSamples());
        return new RunReport(dir, m, s);
    }

    static void print(Path dir, PrintWriter out) throws IOException, UsageException {
        print(load(dir), DEFAULT_FORMAT, out);
    }

    static void print(RunReport report, String format, PrintWriter out) throws IOException, UsageException {
        var writer = Plugins.reportWriters().find(format);
        if (writer.isEmpty() && format.equals("json")) {
            out.print(Json.pretty(report.summary()));
            return;
        }
        ReportWriter w = writer.isPresent() ? writer.get() : Plugins.reportWriters().get(format);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            w.write(report, ps);
        }
        out.print(buf.toString(StandardCharsets.UTF_8));
        out.flush();
    }
}
