package sputnik.reports.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import sputnik.harness.api.UsageException;
import sputnik.reports.db.StoredRun;

/** A model's score on a suite over its runs, oldest first: a chart and the runs. {@code ?model=M&suite=S}. */
final class HistoryPage {
    private HistoryPage() {}

    static Response render(WebServer.Site site, Map<String, String> q, boolean chart) throws UsageException, IOException {
        String model = q.get("model"), suite = q.get("suite");
        if (model == null || suite == null) return Response.error(400, "History", "Give a model and a suite: /history?model=M&suite=S.");
        List<StoredRun> runs = site.queries().history(model, suite);
        if (runs.isEmpty()) return Response.notFound("No runs of " + model + " on " + suite + " are indexed.");
        if (chart) {
            byte[] png = WebCharts.history(model + " on " + suite, runs);
            return png == null ? Response.notFound("No scored runs.") : Response.png(png);
        }
        String img = "<p><img id=history-chart alt=\"pass@1 over runs\" src=\"/history/chart.png?model=" + Page.q(model) + "&amp;suite=" + Page.q(suite) + "\"></p>\n";
        return Response.html(Page.open("History: " + model + " on " + suite)
                + "<p class=meta>pass@1 with its 95% interval per run, oldest first, labelled by the commit that made it (the table lists the newest first). "
                + "An incomplete run's score is over what it finished.</p>\n" + img + RunsPage.table(runs.reversed()) + Page.close(site.dbDisplay()));
    }
}
