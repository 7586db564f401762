package sputnik.harness.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import sputnik.harness.api.UsageException;
import sputnik.harness.registry.Plugins;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;
import sputnik.harness.util.Json;

/** Loads a run directory and renders it with a report writer (the terminal table by default). */
final class SummaryPrinter {
    private SummaryPrinter() {}

    static final String DEFAULT_FORMAT = "text";

    static RunReport load(Path dir) throws IOException, UsageException {
        return sputnik.harness.report.RunReports.load(dir);
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
        w.write(report, buf);
        out.print(buf.toString(StandardCharsets.UTF_8));
        out.flush();
    }
}
