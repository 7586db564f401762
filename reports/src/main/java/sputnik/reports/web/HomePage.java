package sputnik.reports.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sputnik.harness.api.UsageException;
import sputnik.reports.db.RunFilter;
import sputnik.reports.db.StoredRun;
import sputnik.reports.format.Html;

/** The front page: each suite with its number of runs, and the newest runs. */
final class HomePage {
    private HomePage() {}

    static Response render(WebServer.Site site) throws UsageException {
        StringBuilder b = new StringBuilder(Page.open("Sputnik results"));
        Map<String, Integer> suites = site.queries().suites();
        if (suites.isEmpty()) {
            b.append("<p class=warn>The database holds no runs yet. Index some with <code>sputnik db index RUN_DIR...</code>.</p>\n");
        } else {
            b.append("<h2>Suites</h2>\n");
            List<List<String>> rows = new ArrayList<>();
            for (var e : suites.entrySet()) {
                rows.add(List.of(Page.a("/suite/" + Page.q(e.getKey()), e.getKey()), String.valueOf(e.getValue())));
            }
            b.append(Page.table("suites", Page.plainHeader(List.of("suite", "runs")), rows, List.of("", "num")));
            b.append("<h2>Newest runs</h2>\n");
            b.append(RunsPage.table(site.queries().runs(new RunFilter(null, null, null, null, null, null, 20))));
        }
        return Response.html(b + Page.close(site.dbDisplay()));
    }

    static String runLink(StoredRun r) {
        return Page.a("/run/" + r.key(), java.nio.file.Path.of(r.dir()).getFileName().toString());
    }

    static String esc(Object o) {
        return Html.esc(o);
    }
}
