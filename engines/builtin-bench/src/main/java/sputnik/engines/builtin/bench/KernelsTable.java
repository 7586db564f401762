package sputnik.engines.builtin.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * Turns JMH results into the {@code sputnik kernels} table: for each benchmark its time per operation, the
 * bandwidth and compute rate that implies, and how far that is from this machine's measured limits (the
 * STREAM triad bandwidth at the same thread count for memory-bound kernels, peak FMA throughput for compute).
 */
final class KernelsTable {
    /** One row of the table. */
    record Row(String benchmark, String params, int threads, double seconds, double error, String unit, double gbs, double gflops,
               String reference, double percent) {}

    private final List<Row> rows = new ArrayList<>();
    private final Map<Integer, Double> triad = new HashMap<>(), read = new HashMap<>(), fma = new HashMap<>();

    KernelsTable(Collection<RunResult> results) {
        List<RunResult> sorted = new ArrayList<>(results);
        for (RunResult r : sorted) { // the probes first: they are the references
            BenchmarkParams p = r.getParams();
            if (!p.getBenchmark().endsWith("ProbeBench.triad") && !p.getBenchmark().endsWith("ProbeBench.read")
                    && !p.getBenchmark().endsWith("ProbeBench.fma")) continue;
            int t = Integer.parseInt(p.getParam("threads"));
            double s = seconds(r);
            String name = shortName(p.getBenchmark());
            if (name.endsWith("triad")) triad.put(t, ProbeBench.bytes("triad") / s / 1e9);
            if (name.endsWith("read")) read.put(t, ProbeBench.bytes("read") / s / 1e9);
            if (name.endsWith("fma")) fma.put(t, t * ProbeBench.fmaFlopsPerThread() / s / 1e9);
        }
        for (RunResult r : sorted) rows.add(row(r));
    }

    List<Row> rows() {
        return rows;
    }

    Double triad(int threads) {
        return triad.get(threads);
    }

    Double read(int threads) {
        return read.get(threads);
    }

    Double fma(int threads) {
        return fma.get(threads);
    }

    static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static double seconds(RunResult r) {
        double score = r.getPrimaryResult().getScore();
        return score * unitSeconds(r.getPrimaryResult().getScoreUnit());
    }

    private static double unitSeconds(String unit) {
        String u = unit.replace("/op", "");
        return switch (u) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit);
        };
    }

    private Row row(RunResult r) {
        BenchmarkParams p = r.getParams();
        String name = shortName(p.getBenchmark());
        int threads = p.getParam("threads") == null ? 1 : Integer.parseInt(p.getParam("threads"));
        double s = seconds(r), err = r.getPrimaryResult().getScoreError() * unitSeconds(r.getPrimaryResult().getScoreUnit());
        StringBuilder params = new StringBuilder();
        for (String k : p.getParamsKeys()) {
            if (k.equals("threads")) continue;
            if (!params.isEmpty()) params.append(' ');
            params.append(k).append('=').append(p.getParam(k));
        }
        double bytes = Double.NaN, flops = Double.NaN;
        String reference = "";
        double percent = Double.NaN;
        switch (name) {
            case "MatVecBench.matvec" -> {
                GgmlType t = GgmlType.valueOf(p.getParam("type"));
                bytes = MatVecBench.weightBytes(t, Integer.parseInt(p.getParam("mb")));
                flops = 2.0 * Pools.rowsFor(t, MatVecBench.COLS, Integer.parseInt(p.getParam("mb"))) * MatVecBench.COLS;
            }
            case "InterleavedBench.product" -> {
                int mb = Integer.parseInt(p.getParam("mb")), rows = Pools.rowsFor(GgmlType.Q8_0, InterleavedBench.COLS, mb) / 4 * 4;
                bytes = (double) rows * GgmlType.Q8_0.bytesFor(InterleavedBench.COLS); // the matrix, read once for all the vectors
                flops = 2.0 * rows * InterleavedBench.COLS * Integer.parseInt(p.getParam("vectors"));
            }
            case "MoeBench.moeBlock" -> {
                GgmlType t = GgmlType.valueOf(p.getParam("weights"));
                bytes = MoeBench.activeBytes(p.getParam("shape"), t);
                flops = 2.0 * MoeBench.activeWeights(p.getParam("shape")); // a multiply and an add per weight read
            }
            case "AttentionBench.attention" -> {
                int positions = Integer.parseInt(p.getParam("positions"));
                bytes = AttentionBench.cacheBytes(p.getParam("shape"), positions, p.getParam("cacheType"));
                flops = AttentionBench.flops(p.getParam("shape"), positions);
            }
            case "ProbeBench.copy", "ProbeBench.triad", "ProbeBench.read" -> bytes = ProbeBench.bytes(name.substring(name.indexOf('.') + 1));
            case "ProbeBench.fma" -> flops = threads * (double) ProbeBench.fmaFlopsPerThread();
            default -> { }
        }
        double gbs = bytes / s / 1e9, gflops = flops / s / 1e9;
        if (name.startsWith("MatVecBench") || name.startsWith("InterleavedBench") || name.startsWith("MoeBench") || name.startsWith("AttentionBench")) {
            Double ref = triad.get(threads);
            if (ref != null) {
                reference = String.format(Locale.ROOT, "triad %.1f GB/s", ref);
                percent = 100 * gbs / ref;
            }
        }
        return new Row(name, params.toString(), threads, s, err, r.getPrimaryResult().getScoreUnit(), gbs, gflops, reference, percent);
    }

    static String time(double seconds) {
        if (seconds >= 1e-3) return String.format(Locale.ROOT, "%.3f ms", seconds * 1e3);
        if (seconds >= 1e-6) return String.format(Locale.ROOT, "%.2f us", seconds * 1e6);
        return String.format(Locale.ROOT, "%.1f ns", seconds * 1e9);
    }

    private static String num(double v, String format) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | parameters | threads | time/op (± 99.9% CI) | GB/s | GFLOP/s | reference | % of reference |\n");
        sb.append("|---|---|---:|---:|---:|---:|---|---:|\n");
        for (Row r : rows) {
            String pct = num(r.percent(), "%.0f%%");
            if (r.benchmark().startsWith("ProbeBench.fma")) pct = "";
            sb.append("| ").append(r.benchmark()).append(" | ").append(r.params()).append(" | ").append(r.threads()).append(" | ")
                    .append(time(r.seconds())).append(Double.isNaN(r.error()) ? "" : " ± " + time(r.error())).append(" | ")
                    .append(num(r.gbs(), "%.2f")).append(" | ").append(num(r.gflops(), "%.1f")).append(" | ").append(r.reference()).append(" | ")
                    .append(pct).append(" |\n");
        }
        return sb.toString();
    }

    String csv() {
        StringBuilder sb = new StringBuilder("benchmark,parameters,threads,seconds_per_op,error_seconds,gb_per_s,gflop_per_s,reference,percent_of_reference\n");
        for (Row r : rows) {
            sb.append(r.benchmark()).append(',').append('"').append(r.params()).append('"').append(',').append(r.threads()).append(',')
                    .append(String.format(Locale.ROOT, "%.6e", r.seconds())).append(',').append(num(r.error(), "%.6e")).append(',')
                    .append(num(r.gbs(), "%.3f")).append(',').append(num(r.gflops(), "%.3f")).append(',').append('"').append(r.reference()).append('"')
                    .append(',').append(num(r.percent(), "%.1f")).append('\n');
        }
        return sb.toString();
    }
}
