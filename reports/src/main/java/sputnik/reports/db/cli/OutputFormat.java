package sputnik.reports.db.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Option;
import sputnik.harness.util.Json;
import sputnik.reports.format.TextTable;

/** {@code --format table|csv|json}: a table for people, CSV with plain numbers for spreadsheets, JSON for scripts. */
public final class OutputFormat {
    public enum Kind { table, csv, json }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: table (for reading), csv (plain numbers: fractions, not percentages) or json (default: ${DEFAULT-VALUE}).")
    Kind format;

    /**
     * A result in the chosen format.
     *
     * @param shown  the table's cells as people read them
     * @param plain  the same rows with plain numbers, for CSV
     * @param json   what JSON writes
     * @param right  which columns hold numbers (right-aligned in the table)
     */
    void print(PrintWriter out, List<String> header, List<List<String>> shown, List<List<String>> plain, Object json, List<Boolean> right)
            throws IOException {
        switch (format) {
            case table -> out.print(TextTable.render(header, shown, right));
            case csv -> out.print(csv(header, plain));
            case json -> out.print(Json.pretty(json));
        }
        out.flush();
    }

    boolean table() {
        return format == Kind.table;
    }

    static String csv(List<String> header, List<List<String>> rows) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (List<String> r : rows) p.printRecord(r);
        }
        return w.toString();
    }
}
