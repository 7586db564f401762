package sputnik.reports.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sputnik.harness.api.UsageException;
import sputnik.harness.report.RunReport;
import sputnik.reports.compare.Comparer;
import sputnik.reports.compare.Comparison;
import sputnik.reports.db.ResultsQueries;
import sputnik.reports.format.Format;
import sputnik.reports.format.Html;

/**
 * Two runs compared as {@code sputnik compare} does (paired over the problems both completed, the
 * same test and interval): the headline change, the problems that flipped, then every problem whose
 * rate moved. {@code ?a=BASE_KEY&b=NEW_KEY}.
 */
final class ComparePage {
    private ComparePage() {}

    static final double ALPHA = 0.05;

    static Response render(WebServer.Site site, Map<String, String> q) throws UsageException {
        String a = q.get("a"), b = q.get("b");
        if (a == null || b == null) return Response.error(400, "Compare two runs", "Give two runs: /compare?a=BASE_KEY&b=NEW_KEY (a run page has a form).");
        Optional<ResultsQueries.RunDetail> da = site.queries().run(a), db = site.queries().run(b);
        if (da.isEmpty() || db.isEmpty()) return Response.notFound("No run with key " + (da.isEmpty() ? a : b) + " is indexed.");
        // The comparer reads the scores and coverage only: the samples need not be loaded.
        RunReport base = new RunReport(Path.of(da.get().run().dir()), da.get().manifest(), da.get().summary(), List.of(), List.of());
        RunReport next = new RunReport(Path.of(db.get().run().dir()), db.get().manifest(), db.get().summary(), List.of(), List.of());
        Comparison c = Comparer.compare(base, next, ALPHA, 0.0, true);
        var ra = da.get().run();
        var rb = db.get().run();
        StringBuilder h = new StringBuilder(Page.open("Compare: " + ra.model() + " → " + rb.model() + " on " + rb.suite()));
        h.append("<p>base ").append(Page.a("/run/" + a, ra.model() + " · " + Path.of(ra.dir()).getFileName())).append(" · new ")
                .append(Page.a("/run/" + b, rb.model() + " · " + Path.of(rb.dir()).getFileName())).append(" · ")
                .append(Page.a("/compare?a=" + b + "&b=" + a, "swap")).append("</p>\n");
        if (!ra.suite().equals(rb.suite())) {
            h.append("<p class=warn>These runs are of different suites (").append(Html.esc(ra.suite() + " vs " + rb.suite()))
                    .append("): only problems with the same id are paired.</p>\n");
        }
        for (String reason : c.coverage().reasons()) h.append("<p class=warn>").append(Html.esc(reason)).append("</p>\n");
        if (c.sharedProblems() == 0) {
            h.append("<p class=warn>No problem is complete in both runs: nothing to compare.</p>\n");
            return Response.html(h + Page.close(site.dbDisplay()));
        }
        h.append("<div class=headline id=delta><span class=big>").append(signed(c.deltaPassAt1())).append("</span> pass@1 (")
                .append(Format.pct(c.basePassAt1())).append(" → ").append(Format.pct(c.newPassAt1())).append(" over ").append(c.sharedProblems())
                .append(" shared problems) <span class=ci>95% CI ").append(signed(c.ciLow())).append(" to ").append(signed(c.ciHigh()))
                .append("</span></div>\n<p>").append(Html.esc(c.test())).append(": ").append(c.worse()).append(" problems worse, ").append(c.better())
                .append(" better, p = ").append(String.format(java.util.Locale.ROOT, "%.4f", c.pValue())).append(c.regression()
                        ? " — <b>a significant drop</b> at α = " + ALPHA : c.pValue() < ALPHA ? " — a significant change at α = " + ALPHA
                                : " — not significant at α = " + ALPHA).append(".</p>\n");
        List<Comparison.Row> lost = c.problems().stream().filter(Comparison.Row::lost).toList();
        List<Comparison.Row> gained = c.problems().stream().filter(Comparison.Row::gained).toList();
        h.append("<h2>Problems that flipped</h2>\n<p class=meta>Solved means at least half of a problem's samples were correct.</p>\n");
        h.append(rows("flipped", a, b, concat(lost, gained)));
        List<Comparison.Row> moved = c.problems().stream().filter(r -> r.delta() != 0 && !r.lost() && !r.gained()).toList();
        h.append("<h2>Other changes</h2>\n").append(rows("changed", a, b, moved));
        return Response.html(h + Page.close(site.dbDisplay()));
    }

    private static List<Comparison.Row> concat(List<Comparison.Row> x, List<Comparison.Row> y) {
        List<Comparison.Row> out = new ArrayList<>(x);
        out.addAll(y);
        return out;
    }

    private static String rows(String id, String a, String b, List<Comparison.Row> rows) {
        if (rows.isEmpty()) return "<p class=meta>None.</p>\n";
        List<List<String>> cells = new ArrayList<>();
        for (Comparison.Row r : rows) {
            cells.add(List.of(Html.esc(r.problemId()), Page.a("/run/" + a + "?problem=" + Page.q(r.problemId()), r.baseCorrect() + "/" + r.baseSamples()),
                    Page.a("/run/" + b + "?problem=" + Page.q(r.problemId()), r.newCorrect() + "/" + r.newSamples()), Html.esc(signed(r.delta())),
                    r.lost() ? "<span class=flip-lost>lost</span>" : r.gained() ? "<span class=flip-gained>gained</span>" : ""));
        }
        return Page.table(id, Page.plainHeader(List.of("problem", "base correct", "new correct", "change", "flip")), cells,
                List.of("", "num", "num", "num", ""));
    }

    private static String signed(double fraction) {
        return (fraction > 0 ? "+" : "") + String.format(java.util.Locale.ROOT, "%.1f pts", 100 * fraction);
    }
}
