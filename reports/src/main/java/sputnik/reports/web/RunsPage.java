package sputnik.reports.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sputnik.harness.api.UsageException;
import sputnik.reports.db.RunFilter;
import sputnik.reports.db.StoredRun;
import sputnik.reports.format.Format;
import sputnik.reports.format.Html;

/** Every run, newest first, narrowed by ?suite= and ?model=. */
final class RunsPage {
    private RunsPage() {}

    static Response render(WebServer.Site site, Map<String, String> q) throws UsageException {
        String suite = blankToNull(q.get("suite")), model = blankToNull(q.get("model"));
        List<StoredRun> runs = site.queries().runs(new RunFilter(suite, model, null, null, null, null, 1000));
        String title = "Runs" + (suite != null ? " of " + suite : "") + (model != null ? " by " + model : "");
        return Response.html(Page.open(title) + "<p class=meta>" + runs.size() + " runs, newest first (at most 1000).</p>\n" + table(runs)
                + Page.close(site.dbDisplay()));
    }

    static String table(List<StoredRun> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (StoredRun r : runs) {
            rows.add(List.of(HomePage.runLink(r), Html.esc(r.startedAt()), Page.a("/suite/" + Page.q(r.suite()), r.suite()),
                    Page.a("/history?model=" + Page.q(r.model()) + "&suite=" + Page.q(r.suite()), r.model()), Html.esc(r.engine()),
                    "<code>" + Html.esc(Format.commit(r.gitCommit())) + "</code>",
                    Html.esc(r.coverage()) + (r.complete() ? "" : " <b>(incomplete)</b>"),
                    r.passAt1() == null ? "-" : Html.esc(Format.pct(r.passAt1()) + " [" + Format.pct(r.ciLow()) + ", " + Format.pct(r.ciHigh()) + "]")));
        }
        return Page.table("runs", Page.plainHeader(List.of("run", "started", "suite", "model (history)", "engine", "commit", "coverage", "pass@1 [95% CI]")),
                rows, List.of("path", "", "", "", "", "", "", "num"));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
