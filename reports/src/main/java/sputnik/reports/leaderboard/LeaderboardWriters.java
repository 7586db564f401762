package sputnik.reports.leaderboard;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import sputnik.reports.format.Charts;
import sputnik.reports.format.Html;

/** leaderboard.md, .html (with the accuracy-vs-cost chart inline), .csv and the chart as a PNG. */
final class LeaderboardWriters {
    private LeaderboardWriters() {}

    static String markdown(List<LeaderboardRow> rows, String pricesNote) {
        StringBuilder b = new StringBuilder("# Sputnik leaderboard\n\n");
        b.append("| ").append(String.join(" | ", LeaderboardTable.HEADER)).append(" |\n");
        b.append("|").append("---|".repeat(LeaderboardTable.HEADER.size())).append('\n');
        for (List<String> r : LeaderboardTable.rows(rows)) {
            b.append("| ").append(String.join(" | ", r.stream().map(x -> x.replace("|", "\\|")).toList())).append(" |\n");
        }
        return b.append('\n').append(LeaderboardTable.LEGEND).append("\n\n").append(pricesNote).append('\n').toString();
    }

    static String html(List<LeaderboardRow> rows, byte[] chart, String pricesNote) {
        StringBuilder b = new StringBuilder(Html.head("Sputnik leaderboard"));
        b.append("<h1>Sputnik leaderboard</h1>\n").append(Html.table(LeaderboardTable.HEADER, LeaderboardTable.rows(rows)));
        b.append("<p class=meta>").append(Html.esc(LeaderboardTable.LEGEND)).append("</p>\n");
        if (chart != null) b.append("<div class=charts><img alt=\"accuracy vs cost\" src=\"").append(Charts.dataUri(chart)).append("\"></div>\n");
        b.append("<p class=meta>").append(Html.esc(pricesNote)).append("</p>\n</body></html>\n");
        return b.toString();
    }

    static String csv(List<LeaderboardRow> rows) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(LeaderboardTable.HEADER.toArray(String[]::new)).get())) {
            for (List<String> r : LeaderboardTable.rows(rows)) p.printRecord(r);
        }
        return w.toString();
    }

    /** pass@1 against cost per solved problem, one colour per suite, the Pareto frontier as a line; null when nothing is priced. */
    static byte[] chart(List<LeaderboardRow> rows) throws IOException {
        Map<String, List<LeaderboardRow>> bySuite = new TreeMap<>();
        for (LeaderboardRow r : rows) {
            if (!Double.isNaN(Leaderboard.costPerSolved(r))) bySuite.computeIfAbsent(r.suite(), k -> new ArrayList<>()).add(r);
        }
        if (bySuite.isEmpty()) return null;
        XYChart c = new XYChartBuilder().width(Charts.WIDTH + 160).height(Charts.HEIGHT + 60).title("Accuracy vs cost (Pareto frontier)")
                .xAxisTitle("$ per solved problem (expected)").yAxisTitle("pass@1 %").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setMarkerSize(9);
        java.util.Set<String> used = new java.util.HashSet<>();
        for (var e : bySuite.entrySet()) {
            List<LeaderboardRow> pts = e.getValue();
            for (LeaderboardRow r : pts) {
                // XChart needs unique series names; two runs of one model and engine (other seeds, other
                // settings) are told apart by their run directory.
                String name = e.getKey() + ": " + r.model() + " (" + r.engine() + ")";
                if (!used.add(name)) {
                    name += " " + java.nio.file.Path.of(r.run()).getFileName();
                    for (int i = 2; !used.add(name); i++) name = name.replaceFirst(" #\\d+$", "") + " #" + i;
                }
                XYSeries s = c.addSeries(name, new double[] {Leaderboard.costPerSolved(r)},
                        new double[] {100 * r.passAt1()});
                s.setMarker(r.paretoOptimal() ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            }
            List<LeaderboardRow> front = new ArrayList<>(pts.stream().filter(LeaderboardRow::paretoOptimal).toList());
            if (front.size() > 1) {
                front.sort(java.util.Comparator.comparingDouble(Leaderboard::costPerSolved));
                XYSeries line = c.addSeries(e.getKey() + " frontier", front.stream().mapToDouble(Leaderboard::costPerSolved).toArray(),
                        front.stream().mapToDouble(r -> 100 * r.passAt1()).toArray());
                line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                line.setMarker(SeriesMarkers.NONE);
            }
        }
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }
}
