package sputnik.reports.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReport;
import sputnik.reports.db.ResultsQueries;
import sputnik.reports.db.RunFilter;
import sputnik.reports.db.StoredRun;
import sputnik.reports.format.Format;
import sputnik.reports.format.Html;
import sputnik.reports.run.HtmlReportWriter;
import sputnik.reports.run.ReportTables;

/**
 * A run: its scores, how it was run, its problems, and its samples filtered by verdict or problem
 * ({@code ?verdict=incorrect}, {@code ?problem=ID}), each linking to its sample page.
 */
final class RunPage {
    private RunPage() {}

    /** More sample rows than this make a page nobody reads: filter instead. */
    static final int MAX_SAMPLE_ROWS = 500;

    static Response render(WebServer.Site site, String key, Map<String, String> q) throws UsageException {
        Optional<ResultsQueries.RunDetail> found = site.queries().run(key);
        if (found.isEmpty()) return Response.notFound("No run with key " + key + " is indexed.");
        ResultsQueries.RunDetail d = found.get();
        StoredRun r = d.run();
        Summary s = d.summary();
        var c = d.manifest().config();
        StringBuilder b = new StringBuilder(Page.open(r.suite() + " · " + r.model()));
        b.append("<p class=meta>engine <b>").append(Html.esc(r.engine())).append("</b> · grader <b>").append(Html.esc(c.get("grader")))
                .append("</b> · prompt <b>").append(Html.esc(c.get("prompt_template"))).append("</b> · commit <code>").append(Html.esc(r.gitCommit()))
                .append("</code> · started ").append(Html.esc(r.startedAt())).append(" · last session ").append(Html.esc(r.status()))
                .append("<br>run <code class=path>").append(Html.esc(r.dir())).append("</code> · indexed ").append(Html.esc(d.indexedAt())).append("</p>\n");
        b.append("<p>").append(Page.a("/run/" + key + "/report", "Full report")).append(" · ")
                .append(Page.a("/suite/" + Page.q(r.suite()), "Leaderboard of " + r.suite())).append(" · ")
                .append(Page.a("/history?model=" + Page.q(r.model()) + "&suite=" + Page.q(r.suite()), "History of " + r.model() + " on " + r.suite()))
                .append("</p>\n");
        if (!r.complete()) {
            b.append("<p class=warn><b>Incomplete:</b> ").append(Html.esc(r.coverage()))
                    .append(" done. Its scores average over what was finished; it is never ranked.</p>\n");
        }
        if (s.passAt1() != null) {
            b.append("<div class=headline><span class=big id=pass-at-1>").append(Format.pct(s.passAt1().value())).append("</span> pass@1 <span class=ci>95% CI ")
                    .append(Format.pct(s.passAt1().ciLow())).append(" to ").append(Format.pct(s.passAt1().ciHigh())).append(" · coverage ")
                    .append(Html.esc(r.coverage())).append("</span></div>\n");
        }
        ReportTables.Table h = ReportTables.headline(s);
        b.append(Html.table(h.header(), h.rows()));
        ReportTables.Table counts = ReportTables.counts(s);
        b.append(Html.table(counts.header(), counts.rows()));
        b.append(compareForm(site, r));
        b.append(problems(key, s));
        b.append(samples(site, key, r, q));
        return Response.html(b + Page.close(site.dbDisplay()));
    }

    private static String compareForm(WebServer.Site site, StoredRun r) throws UsageException {
        List<StoredRun> others = site.queries().runs(new RunFilter(r.suite(), null, null, null, null, null, 500)).stream()
                .filter(o -> !o.key().equals(r.key())).toList();
        if (others.isEmpty()) return "";
        StringBuilder b = new StringBuilder("<form action=\"/compare\" method=get id=compare-form><input type=hidden name=a value=\"")
                .append(Html.esc(r.key())).append("\">Compare with <select name=b>");
        for (StoredRun o : others) {
            b.append("<option value=\"").append(Html.esc(o.key())).append("\">").append(Html.esc(o.model() + " · " + Path.of(o.dir()).getFileName()
                    + " · " + (o.passAt1() == null ? "-" : Format.pct(o.passAt1())))).append("</option>");
        }
        return b.append("</select> <button type=submit>compare</button> (this run as the base)</form>\n").toString();
    }

    private static String problems(String key, Summary s) {
        List<List<String>> rows = new ArrayList<>();
        for (Summary.ProblemRow p : s.perProblem()) {
            rows.add(List.of(Page.a("/run/" + key + "?problem=" + Page.q(p.problemId()), p.problemId()), p.correct() + "/" + p.samples(),
                    Html.esc(Format.pct(p.passAt1())), p.majority() == null ? "-" : Html.esc(Format.abbreviate(p.majority(), 30)),
                    p.majority() == null ? "" : p.majorityCorrect() ? "correct" : "wrong", Html.esc(Format.num(p.meanCompletionTokens()))));
        }
        return "<h2>Problems</h2>\n<details" + (rows.size() <= 60 ? " open" : "") + "><summary>" + rows.size() + " problems</summary>\n"
                + Page.table("problems", Page.plainHeader(List.of("problem", "correct", "pass@1", "majority answer", "majority", "mean tokens")), rows,
                        List.of("", "num", "num", "", "", "num"))
                + "</details>\n";
    }

    private static String samples(WebServer.Site site, String key, StoredRun r, Map<String, String> q) throws UsageException {
        String verdict = RunsPage.blankToNull(q.get("verdict")), problem = RunsPage.blankToNull(q.get("problem"));
        List<SampleRecord> all = site.queries().samples(key);
        StringBuilder b = new StringBuilder("<h2>Samples</h2>\n<p class=filters>Verdict: ");
        String base = "/run/" + key + (problem != null ? "?problem=" + Page.q(problem) + "&" : "?");
        b.append("<a ").append(verdict == null ? "class=on " : "").append("href=\"").append(Html.esc(base)).append("\">all</a>");
        java.util.TreeMap<String, Integer> counts = new java.util.TreeMap<>();
        for (SampleRecord x : all) if (problem == null || x.problemId().equals(problem)) counts.merge(x.verdict().wire(), 1, Integer::sum);
        for (var e : counts.entrySet()) {
            b.append("<a ").append(e.getKey().equals(verdict) ? "class=on " : "").append("data-verdict=\"").append(Html.esc(e.getKey())).append("\" href=\"")
                    .append(Html.esc(base + "verdict=" + Page.q(e.getKey()))).append("\">").append(Html.esc(e.getKey() + " (" + e.getValue() + ")")).append("</a>");
        }
        if (problem != null) b.append(" · problem ").append(Html.esc(problem)).append(" (").append(Page.a("/run/" + key, "all problems")).append(")");
        b.append("</p>\n");
        List<SampleRecord> shown = all.stream().filter(x -> (verdict == null || x.verdict().wire().equals(verdict))
                && (problem == null || x.problemId().equals(problem))).toList();
        List<List<String>> rows = new ArrayList<>();
        for (SampleRecord x : shown.subList(0, Math.min(shown.size(), MAX_SAMPLE_ROWS))) {
            Object reason = x.detail() == null ? null : x.detail().get("reason");
            rows.add(List.of(Page.a("/sample/" + key + "/" + Page.q(x.sampleId()), x.problemId() + " #" + x.sampleIndex()), Page.verdict(x.verdict().wire()),
                    x.extracted() == null ? "-" : "<code>" + Html.esc(Format.abbreviate(x.extracted(), 40)) + "</code>",
                    reason == null ? "" : Html.esc(Format.abbreviate(String.valueOf(reason), 60)), String.valueOf(x.completionTokens()),
                    x.finishReason() == null ? "" : Html.esc(x.finishReason().wire())));
        }
        if (shown.size() > MAX_SAMPLE_ROWS) {
            b.append("<p class=meta>Showing the first ").append(MAX_SAMPLE_ROWS).append(" of ").append(shown.size())
                    .append(" samples: filter by verdict or pick a problem above.</p>\n");
        }
        b.append(Page.table("samples", Page.plainHeader(List.of("sample", "verdict", "extracted answer", "reason", "tokens", "finish")), rows,
                List.of("", "", "", "", "num", "")));
        return b.toString();
    }

    /** The run's full report, as `sputnik report --format html` writes it, from what the database holds. */
    static Response report(WebServer.Site site, String key) throws UsageException, IOException {
        Optional<RunReport> r = site.queries().report(key);
        if (r.isEmpty()) return Response.notFound("No run with key " + key + " is indexed.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlReportWriter().write(r.get(), out);
        return new Response(200, "text/html; charset=utf-8", out.toByteArray());
    }
}
