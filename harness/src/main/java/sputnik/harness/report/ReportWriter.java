package sputnik.harness.report;

import java.io.IOException;
import java.io.PrintStream;

/**
 * Renders a run for people or tools (a terminal table, Markdown, ...); discovered with
 * {@link java.util.ServiceLoader} and chosen by name with {@code sputnik report --format}.
 */
public interface ReportWriter {
    String name();

    String description();

    void write(RunReport report, PrintStream out) throws IOException;
}
