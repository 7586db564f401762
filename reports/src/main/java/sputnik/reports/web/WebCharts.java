package sputnik.reports.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import sputnik.reports.db.StoredRun;
import sputnik.reports.format.Charts;
import sputnik.reports.leaderboard.Leaderboard;
import sputnik.reports.leaderboard.LeaderboardRow;
import sputnik.reports.leaderboard.ProblemSetTable;

/**
 * The web pages' charts, drawn on the server as PNG (no script, no CDN: they work offline). Unlike
 * the leaderboard file's chart they carry no legend per run, which would not fit fifty runs: the
 * table beside them names the runs.
 */
final class WebCharts {
    private WebCharts() {}

    /** pass@1 against $ per solved problem of a table's ranked, priced runs, the Pareto frontier as a line; null when none is priced. */
    static byte[] pareto(ProblemSetTable t) throws IOException {
        List<LeaderboardRow> pts = t.rows().stream().filter(WebCharts::priced).toList();
        if (pts.isEmpty()) return null;
        XYChart c = new XYChartBuilder().width(Charts.WIDTH + 160).height(Charts.HEIGHT + 40).title("Accuracy vs cost: " + t.title())
                .xAxisTitle("$ per solved problem (expected)").yAxisTitle("pass@1 %").build();
        style(c);
        List<LeaderboardRow> others = pts.stream().filter(r -> !r.paretoOptimal()).toList();
        List<LeaderboardRow> front = new ArrayList<>(pts.stream().filter(LeaderboardRow::paretoOptimal).toList());
        if (!others.isEmpty()) {
            c.addSeries("runs", others.stream().mapToDouble(r -> r.cost().usdPerSolved()).toArray(), others.stream().mapToDouble(r -> 100 * r.passAt1()).toArray())
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        if (!front.isEmpty()) {
            front.sort(Comparator.comparingDouble(r -> r.cost().usdPerSolved()));
            XYSeries s = c.addSeries("Pareto frontier", front.stream().mapToDouble(r -> r.cost().usdPerSolved()).toArray(),
                    front.stream().mapToDouble(r -> 100 * r.passAt1()).toArray());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.DIAMOND);
        }
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }

    /** A ranked run with a cost per solved problem: a point of the accuracy-vs-cost chart. */
    static boolean priced(LeaderboardRow r) {
        return r.rank() != null && r.cost() != null && !Double.isNaN(r.cost().usdPerSolved());
    }

    /** pass@1 and its 95% interval per run, in run order (oldest first), each run labelled with its commit. */
    static byte[] history(String title, List<StoredRun> runs) throws IOException {
        List<StoredRun> scored = runs.stream().filter(r -> r.passAt1() != null).toList();
        if (scored.isEmpty()) return null;
        List<String> labels = new ArrayList<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        double[] y = new double[scored.size()], lo = new double[scored.size()], hi = new double[scored.size()];
        for (int i = 0; i < y.length; i++) {
            StoredRun r = scored.get(i);
            String c = r.gitCommit() == null ? "run " + (i + 1) : r.gitCommit().matches("[0-9a-f]{40}") ? r.gitCommit().substring(0, 8) : r.gitCommit();
            int n = seen.merge(c, 1, Integer::sum);
            labels.add(n == 1 ? c : c + " #" + n); // a category axis needs each label once
            y[i] = 100 * r.passAt1();
            lo[i] = 100 * r.ciLow();
            hi[i] = 100 * r.ciHigh();
        }
        CategoryChart c = Charts.categoryLines(title, "commit of each run (oldest first)", "pass@1 %", labels,
                List.of("95% interval high", "pass@1", "95% interval low"), List.of(hi, y, lo));
        c.getStyler().setXAxisLabelRotation(labels.size() > 8 ? 45 : 0);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        for (String band : List.of("95% interval high", "95% interval low")) {
            c.getSeriesMap().get(band).setLineColor(java.awt.Color.GRAY);
            c.getSeriesMap().get(band).setMarker(SeriesMarkers.NONE);
        }
        return Charts.png(c);
    }

    private static void style(XYChart c) {
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setMarkerSize(8);
        c.getStyler().setAntiAlias(true);
    }

    static ProblemSetTable table(Leaderboard.Board board, String problemSet) {
        return board.tables().stream().filter(t -> t.problemSet().equals(problemSet)).findFirst().orElse(null);
    }
}
