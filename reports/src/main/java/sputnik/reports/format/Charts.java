package sputnik.reports.format;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/** PNG charts (XChart, rendered headless) and their data-URI form for self-contained HTML. */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;

    private Charts() {}

    /**
     * Lines over a category x axis: one tick per label and none between, e.g. k = 1, 2, 4, 8 for pass@k
     * (a numeric axis would put ticks at 1.5 and 2.5, values k cannot take). Equal spacing suits k
     * growing by doubling; the labels say the values.
     */
    public static CategoryChart categoryLines(String title, String xTitle, String yTitle, List<String> xLabels, List<String> names,
            List<double[]> ys) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(c);
        c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        c.getStyler().setOverlapped(true); // every series' points at the label's own x, not side by side as bars are
        for (int i = 0; i < names.size(); i++) {
            c.addSeries(names.get(i), xLabels, java.util.Arrays.stream(ys.get(i)).boxed().toList());
        }
        return c;
    }

    /** Histogram bins: a label and a count per bin, in order. */
    public record Bins(List<String> labels, List<Integer> counts) {}

    /** Bin widths tried in turn: 1, 2, 5 times a power of ten. */
    private static final long[] STEPS = {1, 2, 5};

    /**
     * Equal-width bins with integer edges, at most {@code maxBins} of them: the width is the smallest of
     * 1, 2, 5, 10, 20, 50, ... that covers the values, edges are multiples of it, and a bin [lo, lo + w)
     * is labelled with the integers it holds, "40" or "40–44". Values are taken down to whole numbers
     * first (tokens are whole already; latency in whole milliseconds is fine enough for a histogram).
     */
    public static Bins bins(double[] values, int maxBins) {
        if (values.length == 0) return new Bins(List.of(), List.of());
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (double v : values) {
            min = Math.min(min, (long) Math.floor(v));
            max = Math.max(max, (long) Math.floor(v));
        }
        long width = 1, first = min;
        outer:
        for (long scale = 1; ; scale *= 10) {
            for (long step : STEPS) {
                width = step * scale;
                first = Math.floorDiv(min, width) * width;
                if ((max - first) / width + 1 <= maxBins) break outer;
            }
        }
        int n = (int) ((max - first) / width + 1);
        int[] counts = new int[n];
        for (double v : values) counts[(int) ((((long) Math.floor(v)) - first) / width)]++;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long lo = first + i * width, hi = lo + width - 1;
            labels.add(width == 1 ? String.format(Locale.ROOT, "%,d", lo) : String.format(Locale.ROOT, "%,d–%,d", lo, hi));
        }
        return new Bins(labels, java.util.Arrays.stream(counts).boxed().toList());
    }

    /** A histogram of prepared bins, one bar per bin, labelled as the bins are. */
    public static byte[] histogram(String title, String xTitle, Bins bins) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle("samples").build();
        style(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(45);
        c.addSeries("samples", bins.labels(), bins.counts());
        return png(c);
    }

    public static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    private static void style(Chart<?, ?> c) {
        Styler s = c.getStyler();
        s.setChartBackgroundColor(java.awt.Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideSE);
        s.setAntiAlias(true);
    }

    public static byte[] png(Chart<?, ?> c) throws IOException {
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }
}
