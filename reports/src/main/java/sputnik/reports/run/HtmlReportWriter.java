package sputnik.reports.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;
import sputnik.harness.util.Json;
import sputnik.reports.format.Charts;
import sputnik.reports.format.Format;
import sputnik.reports.format.Html;

/** report.html: one self-contained page (inline CSS, charts as data URIs, nothing fetched from the network). */
public final class HtmlReportWriter implements ReportWriter {
    @Override
    public String name() {
        return "html";
    }

    @Override
    public String description() {
        return "report.html: a self-contained page with charts (pass@k curve, token and latency histograms)";
    }

    @Override
    public String fileName() {
        return "report.html";
    }

    @Override
    public void write(RunReport r, OutputStream out) throws IOException {
        var c = r.manifest().config();
        Summary s = r.summary();
        StringBuilder b = new StringBuilder();
        String title = "Sputnik report: " + c.get("suite") + " · " + c.get("model");
        b.append(Html.head(title));
        b.append("<h1>").append(Html.esc(title)).append("</h1>\n");
        b.append("<p class=meta>engine <b>").append(Html.esc(c.get("engine"))).append("</b> · grader <b>").append(Html.esc(c.get("grader")))
                .append("</b> · prompt <b>").append(Html.esc(c.get("prompt_template"))).append("</b> · dataset sha256 <code>")
                .append(Html.esc(c.get("dataset_sha256"))).append("</code> · run <code>").append(Html.esc(r.dir())).append("</code></p>\n");
        for (String note : GradingNotes.of(c, s)) b.append("<p class=warn><b>Warning:</b> ").append(Html.esc(note)).append("</p>\n");
        if (s.passAt1() != null) {
            b.append("<div class=headline><span class=big>").append(Format.pct(s.passAt1().value()))
                    .append("</span> pass@1 <span class=ci>95% CI ").append(Format.pct(s.passAt1().ciLow())).append(" to ")
                    .append(Format.pct(s.passAt1().ciHigh())).append(" over ").append(s.counts().problemsScored())
                    .append(" problems</span></div>\n");
        }
        b.append("<h2>Scores</h2>\n").append(table(ReportTables.headline(s)));
        List<BasePlusScores.Score> basePlus = BasePlusScores.of(r);
        if (!basePlus.isEmpty()) b.append(table(ReportTables.basePlus(basePlus)));
        b.append(table(ReportTables.counts(s)));
        b.append("<div class=charts>\n");
        for (byte[] png : charts(r)) b.append("<img alt=chart src=\"").append(Charts.dataUri(png)).append("\">\n");
        b.append("</div>\n");
        b.append("<h2>Tokens and latency</h2>\n").append(table(ReportTables.distributions(s)));
        for (Breakdowns.Breakdown bd : Breakdowns.of(r).breakdowns()) {
            b.append("<h2>By ").append(Html.esc(bd.field())).append("</h2>\n").append(table(ReportTables.breakdown(bd)));
        }
        b.append("<h2>Per problem</h2>\n").append(table(ReportTables.problems(r)));
        ReportTables.Table errors = ReportTables.errors(r);
        b.append("<h2>Errors</h2>\n").append(errors.rows().isEmpty() ? "<p>No unresolved errors.</p>\n"
                : "<p>" + errors.rows().size() + " samples failed and are not finished (run the same command again to retry them).</p>\n" + table(errors));
        b.append("<h2>Configuration</h2>\n<pre>").append(Html.esc(Json.pretty(c))).append("</pre>\n");
        b.append("<h2>Environment</h2>\n<pre>").append(Html.esc(Json.pretty(r.manifest().environment()))).append("</pre>\n");
        b.append("<h2>What the numbers mean</h2>\n<ul>\n");
        s.definitions().forEach((k, v) -> b.append("<li><b>").append(Html.esc(k)).append("</b>: ").append(Html.esc(v)).append("</li>\n"));
        b.append("</ul>\n</body></html>\n");
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<byte[]> charts(RunReport r) throws IOException {
        Summary s = r.summary();
        List<byte[]> out = new ArrayList<>();
        if (!s.passAtK().isEmpty()) out.add(Charts.png(passAtKChart(s)));
        Charts.Bins tokens = tokenBins(r);
        if (tokens != null) out.add(Charts.histogram("Completion tokens per sample", "tokens", tokens));
        Charts.Bins e2e = latencyBins(r);
        if (e2e != null) out.add(Charts.histogram("End-to-end latency", "ms", e2e));
        return out;
    }

    /** pass@k and cons@k against k, a tick at each reported k. */
    static CategoryChart passAtKChart(Summary s) {
        return Charts.categoryLines("pass@k and cons@k", "k (samples)", "% of problems", kLabels(s), List.of("pass@k", "cons@k"),
                List.of(values(s.passAtK()), values(s.consAtK())));
    }

    /** Completion tokens of the samples the scores count, in bins; null when there are none. */
    static Charts.Bins tokenBins(RunReport r) {
        double[] tokens = r.scoredSamples().stream().mapToDouble(SampleRecord::completionTokens).toArray();
        return tokens.length == 0 ? null : Charts.bins(tokens, BINS);
    }

    /** End-to-end latency of the samples the scores count, in bins; null when none was measured. */
    static Charts.Bins latencyBins(RunReport r) {
        double[] e2e = r.scoredSamples().stream().filter(x -> x.timings() != null).mapToDouble(x -> x.timings().e2eMs()).toArray();
        return e2e.length == 0 || java.util.Arrays.stream(e2e).max().orElse(0) <= 0 ? null : Charts.bins(e2e, BINS);
    }

    private static final int BINS = 20;

    /** The x-axis tick labels of the pass@k chart. */
    static List<String> kLabels(Summary s) {
        return s.passAtK().stream().map(a -> String.valueOf(a.k())).toList();
    }

    private static double[] values(List<Summary.AtK> l) {
        return l.stream().mapToDouble(a -> 100 * a.value()).toArray();
    }

    private static String table(ReportTables.Table t) {
        return Html.table(t.header(), t.rows());
    }
}
