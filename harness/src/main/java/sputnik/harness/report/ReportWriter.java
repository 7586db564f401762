package sputnik.harness.report;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Renders a run for people or tools (a terminal table, Markdown, HTML, CSV, ...); discovered with
 * {@link java.util.ServiceLoader}. {@code sputnik report} writes every writer that has a
 * {@link #fileName()} into the run directory and prints the one chosen with {@code --format}.
 */
public interface ReportWriter {
    String name();

    String description();

    /** The file this writer produces in the run directory (e.g. "report.html"), or null for stdout only. */
    default String fileName() {
        return null;
    }

    void write(RunReport report, OutputStream out) throws IOException;
}
