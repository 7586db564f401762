package sputnik.reports.leaderboard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import sputnik.harness.util.Json;
import sputnik.reports.cost.PriceBook;
import sputnik.reports.format.Charts;
import sputnik.reports.format.Html;

/** leaderboard.md, .html (with the accuracy-vs-cost chart inline), .json and the chart as a PNG; the CSV is {@link LeaderboardCsv}. */
public final class LeaderboardWriters {
    private LeaderboardWriters() {}

    public static String markdown(Leaderboard.Board board, String pricesNote) {
        StringBuilder b = new StringBuilder("# Sputnik leaderboard\n");
        for (ProblemSetTable t : board.tables()) {
            b.append("\n## ").append(t.title()).append(" (set ").append(t.problemSet()).append(")\n\n");
            if (t.note() != null) b.append(t.note()).append("\n\n");
            b.append("| ").append(String.join(" | ", LeaderboardTable.HEADER)).append(" |\n");
            b.append("|").append("---|".repeat(LeaderboardTable.HEADER.size())).append('\n');
            for (List<String> r : LeaderboardTable.rows(t)) {
                b.append("| ").append(String.join(" | ", r.stream().map(x -> x.replace("|", "\\|")).toList())).append(" |\n");
            }
        }
        String leftOut = LeaderboardTable.leftOut(board);
        if (leftOut != null) b.append('\n').append(leftOut).append('\n');
        return b.append('\n').append(LeaderboardTable.LEGEND).append("\n\n").append(pricesNote).append('\n').toString();
    }

    /**
     * The page may be 1200 px wide (inside a 1280-pixel window, scroll bar included); cells are a little
     * tighter than the run report's, text wraps at spaces, model names and run paths anywhere, numbers
     * never: so the table's narrowest layout fits the page and it needs no horizontal scrolling.
     */
    static final String CSS = "body{max-width:1200px}.lb{font-size:.85em}.lb td,.lb th{padding:3px 5px}.lb .path{overflow-wrap:anywhere;min-width:7em}\n"
            + ".incomplete td{color:#777;font-style:italic}\n";

    public static String html(Leaderboard.Board board, byte[] chart, String pricesNote) {
        StringBuilder b = new StringBuilder(Html.head("Sputnik leaderboard", CSS));
        b.append("<h1>Sputnik leaderboard</h1>\n");
        for (ProblemSetTable t : board.tables()) {
            b.append("<h2>").append(Html.esc(t.title())).append(" <span class=meta>(set ").append(Html.esc(t.problemSet())).append(")</span></h2>\n");
            if (t.note() != null) b.append("<p class=warn>").append(Html.esc(t.note())).append("</p>\n");
            String table = Html.table(LeaderboardTable.HEADER, LeaderboardTable.rows(t), LeaderboardTable.HTML_CLASSES).replace("<table>", "<table class=lb>");
            // Rows of incomplete runs are greyed out as well as marked in their rank cell.
            b.append(table.replace("<tr><td>" + LeaderboardTable.INCOMPLETE + "</td>", "<tr class=incomplete><td>" + LeaderboardTable.INCOMPLETE + "</td>"));
        }
        String leftOut = LeaderboardTable.leftOut(board);
        if (leftOut != null) b.append("<p class=warn>").append(Html.esc(leftOut)).append("</p>\n");
        b.append("<p class=meta>").append(Html.esc(LeaderboardTable.LEGEND)).append("</p>\n");
        if (chart != null) b.append("<div class=charts><img alt=\"accuracy vs cost\" src=\"").append(Charts.dataUri(chart)).append("\"></div>\n");
        b.append("<p class=meta>").append(Html.esc(pricesNote)).append("</p>\n</body></html>\n");
        return b.toString();
    }

    /** Writes a double that is not a number (a cost of a run with no throughput or no correct answer) as null, not "NaN". */
    private static final ObjectMapper NUMBERS_OR_NULL = Json.MAPPER.copy().registerModule(new SimpleModule()
            .addSerializer(Double.class, new FiniteOrNull()).addSerializer(double.class, new FiniteOrNull()));

    private static final class FiniteOrNull extends JsonSerializer<Double> {
        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v == null || v.isNaN() || v.isInfinite()) g.writeNull();
            else g.writeNumber(v);
        }
    }

    public static String json(Leaderboard.Board board, PriceBook book, String pricesNote) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prices_as_of", book.asOf());
        json.put("prices_note", pricesNote);
        json.put("tables", board.tables());
        json.put("left_out", board.leftOut());
        return NUMBERS_OR_NULL.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    }

    /** pass@1 against cost per solved problem of the ranked runs, one colour per run, each table's Pareto frontier as a line; null when nothing is priced. */
    public static byte[] chart(Leaderboard.Board board) throws IOException {
        Map<ProblemSetTable, List<LeaderboardRow>> byTable = new LinkedHashMap<>();
        for (ProblemSetTable t : board.tables()) {
            for (LeaderboardRow r : t.rows()) {
                if (r.rank() != null && !Double.isNaN(Leaderboard.costPerSolved(r))) byTable.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
            }
        }
        if (byTable.isEmpty()) return null;
        XYChart c = new XYChartBuilder().width(Charts.WIDTH + 160).height(Charts.HEIGHT + 60).title("Accuracy vs cost (Pareto frontier)")
                .xAxisTitle("$ per solved problem (expected)").yAxisTitle("pass@1 %").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setMarkerSize(9);
        java.util.Set<String> used = new java.util.HashSet<>();
        for (var e : byTable.entrySet()) {
            String table = e.getKey().title();
            List<LeaderboardRow> pts = e.getValue();
            for (LeaderboardRow r : pts) {
                // XChart needs unique series names; two runs of one model and engine (other seeds, other
                // settings) are told apart by their run directory.
                String name = table + ": " + r.model() + " (" + r.engine() + ")";
                if (!used.add(name)) {
                    name += " " + java.nio.file.Path.of(r.run()).getFileName();
                    for (int i = 2; !used.add(name); i++) name = name.replaceFirst(" #\\d+$", "") + " #" + i;
                }
                XYSeries s = c.addSeries(name, new double[] {Leaderboard.costPerSolved(r)}, new double[] {100 * r.passAt1()});
                s.setMarker(r.paretoOptimal() ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            }
            List<LeaderboardRow> front = new ArrayList<>(pts.stream().filter(LeaderboardRow::paretoOptimal).toList());
            if (front.size() > 1) {
                front.sort(java.util.Comparator.comparingDouble(Leaderboard::costPerSolved));
                String name = table + " frontier";
                for (int i = 2; !used.add(name); i++) name = table + " frontier #" + i;
                XYSeries line = c.addSeries(name, front.stream().mapToDouble(Leaderboard::costPerSolved).toArray(),
                        front.stream().mapToDouble(r -> 100 * r.passAt1()).toArray());
                line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                line.setMarker(SeriesMarkers.NONE);
            }
        }
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }
}
