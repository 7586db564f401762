package sputnik.reports.web;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import sputnik.harness.api.UsageException;
import sputnik.reports.db.RunIndexer;
import sputnik.reports.format.Format;
import sputnik.reports.format.Html;
import sputnik.reports.leaderboard.Leaderboard;
import sputnik.reports.leaderboard.LeaderboardRow;
import sputnik.reports.leaderboard.ProblemSetTable;

/**
 * A suite's leaderboard, by the rules of {@code sputnik leaderboard}: a table per problem set, sortable
 * by any column with {@code ?sort=COLUMN&dir=asc|desc} (sorting only reorders; rank, ties and the
 * frontier are the board's), and each table's accuracy-vs-cost chart.
 */
final class SuitePage {
    private SuitePage() {}

    /** Sortable columns: the name in ?sort=, the header, and the order. */
    private record Column(String key, String header, Comparator<LeaderboardRow> order) {}

    private static final Comparator<Double> NULLS_LAST = Comparator.nullsLast(Comparator.naturalOrder());

    private static final List<Column> COLUMNS = List.of(
            new Column("rank", "rank", Comparator.comparing(LeaderboardRow::rank, Comparator.nullsLast(Comparator.naturalOrder()))),
            new Column("model", "model", Comparator.comparing(LeaderboardRow::model)),
            new Column("engine", "engine", Comparator.comparing(LeaderboardRow::engine)),
            new Column("coverage", "coverage", Comparator.comparingInt(r -> r.coverage().samplesDone())),
            new Column("pass", "pass@1", Comparator.comparingDouble(LeaderboardRow::passAt1)),
            new Column("cons", "cons@k", Comparator.comparing(LeaderboardRow::consAtK, NULLS_LAST)),
            new Column("tokens", "mean output tokens", Comparator.comparingDouble(LeaderboardRow::meanOutputTokens)),
            new Column("cost", "$ per solved", Comparator.comparing(r -> r.cost() == null ? null : r.cost().usdPerSolved(), NULLS_LAST)));

    static Response render(WebServer.Site site, String suite, Map<String, String> q) throws UsageException, IOException {
        var entries = site.queries().leaderboardEntries(suite);
        if (entries.isEmpty()) return Response.notFound("No runs of suite " + suite + " are indexed.");
        boolean incomplete = "1".equals(q.get("incomplete"));
        Leaderboard.Board board;
        try {
            board = Leaderboard.of(entries, site.pricing(), incomplete);
        } catch (UsageException nothingComplete) {
            board = Leaderboard.of(entries, site.pricing(), true);
            incomplete = true;
        }
        String sortKey = q.getOrDefault("sort", "rank");
        Column sort = COLUMNS.stream().filter(c -> c.key().equals(sortKey)).findFirst().orElse(COLUMNS.getFirst());
        boolean desc = "desc".equals(q.get("dir"));
        StringBuilder b = new StringBuilder(Page.open("Leaderboard: " + suite));
        b.append("<p class=meta>Complete runs ranked by pass@1 (95% bootstrap interval over problems); <i>tie</i> marks a run whose interval overlaps "
                + "the one ranked above; <i>Pareto</i> marks runs no other run beats on both accuracy and cost per solved problem. Runs over "
                + "different problem sets are ranked in separate tables. ").append(incomplete
                        ? "Incomplete runs are listed unranked. " + Page.a("/suite/" + Page.q(suite), "Hide them")
                        : Page.a("/suite/" + Page.q(suite) + "?incomplete=1", "List incomplete runs (unranked)"))
                .append(" · ").append(Page.a("/runs?suite=" + Page.q(suite), "all runs of " + suite)).append("</p>\n");
        int i = 0;
        for (ProblemSetTable t : board.tables()) {
            b.append("<h2>").append(Html.esc(t.title())).append("</h2>\n");
            List<LeaderboardRow> rows = new ArrayList<>(t.rows());
            Comparator<LeaderboardRow> order = desc ? sort.order().reversed() : sort.order();
            rows.sort(order.thenComparing(LeaderboardRow::run));
            b.append(table("board-" + i++, suite, t, rows, sort, desc, incomplete));
            if (t.rows().stream().anyMatch(WebCharts::priced)) {
                b.append("<p><img alt=\"accuracy vs cost, ").append(Html.esc(t.title())).append("\" src=\"/suite/").append(Html.esc(Page.q(suite)))
                        .append('/').append(Html.esc(Page.q(t.problemSet()))).append("/chart.png\"></p>\n");
            } else {
                b.append("<p class=meta>No run of this table is priced, so there is no accuracy-vs-cost chart: start <code>sputnik web</code> with "
                        + "<code>--hardware NAME</code> to price runs that no API price names.</p>\n");
            }
        }
        List<Leaderboard.LeftOut> left = board.leftOut();
        if (!left.isEmpty()) {
            b.append("<h2>Left out</h2>\n<ul>\n");
            for (Leaderboard.LeftOut l : left) {
                b.append("<li>").append(Page.a("/run/" + RunIndexer.runKey(Path.of(l.run())), Path.of(l.run()).getFileName().toString()))
                        .append(": ").append(Html.esc(l.reason() + " (" + l.coverage() + ")")).append("</li>\n");
            }
            b.append("</ul>\n");
        }
        return Response.html(b + Page.close(site.dbDisplay()));
    }

    private static String table(String id, String suite, ProblemSetTable t, List<LeaderboardRow> rows, Column sort, boolean desc, boolean incomplete) {
        List<String> header = new ArrayList<>();
        for (Column c : COLUMNS) {
            boolean on = c == sort;
            String dir = on && !desc ? "desc" : "asc";
            String href = "/suite/" + Page.q(suite) + "?sort=" + c.key() + "&dir=" + dir + (incomplete ? "&incomplete=1" : "");
            header.add("<a " + (on ? "class=sorted " : "") + "data-sort=\"" + c.key() + "\" href=\"" + Html.esc(href) + "\">" + Html.esc(c.header())
                    + (on ? (desc ? " ▼" : " ▲") : "") + "</a>");
        }
        header.addAll(List.of("95% CI", "marks", "run"));
        List<List<String>> cells = new ArrayList<>();
        for (LeaderboardRow r : rows) {
            String marks = String.join(" ", (r.tiedWithAbove() ? "tie" : ""), (r.paretoOptimal() ? "Pareto" : "")).strip();
            cells.add(List.of(r.rank() == null ? "unranked" : String.valueOf(r.rank()),
                    Page.a("/history?model=" + Page.q(r.model()) + "&suite=" + Page.q(suite), r.model()), Html.esc(r.engine()),
                    Html.esc(r.coverage().label()), Html.esc(Format.pct(r.passAt1())),
                    r.consAtK() == null ? "-" : Html.esc(Format.pct(r.consAtK()) + " (k=" + r.consK() + ")"),
                    Html.esc(Format.num(r.meanOutputTokens())), r.cost() == null ? "-" : Html.esc(Format.money(r.cost().usdPerSolved())),
                    Html.esc(Format.pct(r.ciLow()) + " to " + Format.pct(r.ciHigh())), Html.esc(marks),
                    Page.a("/run/" + RunIndexer.runKey(Path.of(r.run())), Path.of(r.run()).getFileName().toString())));
        }
        return Page.table(id, header, cells, List.of("num", "", "", "", "num", "num", "num", "num", "num", "", "path"));
    }

    static Response chart(WebServer.Site site, String suite, String problemSet) throws UsageException, IOException {
        var entries = site.queries().leaderboardEntries(suite);
        if (entries.isEmpty()) return Response.notFound("No runs of suite " + suite + ".");
        ProblemSetTable t = WebCharts.table(Leaderboard.of(entries, site.pricing(), true), problemSet);
        byte[] png = t == null ? null : WebCharts.pareto(t);
        return png == null ? Response.notFound("No priced runs in problem set " + problemSet + " of " + suite + ".") : Response.png(png);
    }
}
