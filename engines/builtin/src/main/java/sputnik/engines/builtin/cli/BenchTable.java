package sputnik.engines.builtin.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import sputnik.engines.builtin.model.KvCache;
import sputnik.harness.util.Json;

/** {@code sputnik bench}'s results as a table for people, and as JSON and CSV with llama-bench's field names. */
final class BenchTable {
    private BenchTable() {}

    static String markdown(List<BenchCommand.Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| test | seqs | threads | tokens/s (all seqs) | weights GB/s | % of triad | experts/layer/pass |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (BenchCommand.Result r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f +- %.2f | %.1f | %.0f%% (triad %.1f GB/s) | %s |%n", r.test(), r.nSeq(),
                    r.nThreads(), r.avgTs(), r.stddevTs(), r.weightsGbs(), 100 * r.weightsGbs() / r.triadGbs(), r.triadGbs(),
                    r.expertsPerLayerPass() > 0 ? String.format(Locale.ROOT, "%.1f", r.expertsPerLayerPass()) : "-"));
        }
        sb.append("\ntokens/s: prompt tokens (pp) or generated tokens (tg) of all sequences per second of wall time, mean +- sd over the"
                + " repetitions. weights GB/s: bytes of weights the forward passes read (shared matrices once per pass, each expert a MoE"
                + " pass ran once) per second; % of triad: that over a STREAM triad run just before with the same threads; experts/layer/pass: MoE"
                + " experts run per layer in a pass, each once over all its tokens.\n");
        return sb.toString();
    }

    private static List<Map<String, Object>> rows(List<BenchCommand.Result> results, Path model, int ubatch, KvCache.Type type) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BenchCommand.Result r : results) rows.add(BenchCommand.fields(r, model, ubatch, type));
        return rows;
    }

    static String json(List<BenchCommand.Result> results, Path model, int ubatch, KvCache.Type type) {
        return Json.pretty(rows(results, model, ubatch, type));
    }

    /** One row per test; the per-repetition samples joined with ';' as llama-bench's CSV does not have them. */
    static String csv(List<BenchCommand.Result> results, Path model, int ubatch, KvCache.Type type) {
        List<Map<String, Object>> rows = rows(results, model, ubatch, type);
        StringWriter w = new StringWriter();
        if (rows.isEmpty()) return "";
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(rows.get(0).keySet().toArray(String[]::new)).get())) {
            for (Map<String, Object> row : rows) {
                List<Object> values = new ArrayList<>();
                for (Object v : row.values()) values.add(v instanceof long[] l ? join(l) : v instanceof double[] d ? join(d) : v);
                p.printRecord(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static String join(long[] x) {
        StringBuilder sb = new StringBuilder();
        for (long v : x) sb.append(sb.isEmpty() ? "" : ";").append(v);
        return sb.toString();
    }

    private static String join(double[] x) {
        StringBuilder sb = new StringBuilder();
        for (double v : x) sb.append(sb.isEmpty() ? "" : ";").append(String.format(Locale.ROOT, "%.4f", v));
        return sb.toString();
    }
}
