package sputnik.reports.format;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
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

    /** Lines of y against x, one series per name; y in percent when {@code percent}. */
    public static byte[] lines(String title, String xTitle, String yTitle, List<String> names, List<double[]> xs, List<double[]> ys) throws IOException {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(c);
        for (int i = 0; i < names.size(); i++) c.addSeries(names.get(i), xs.get(i), ys.get(i));
        return png(c);
    }

    /** A histogram of values in {@code bins} equal-width bins. */
    public static byte[] histogram(String title, String xTitle, double[] values, int bins) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle("samples").build();
        style(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisDecimalPattern("#,##0.#");
        c.getStyler().setXAxisLabelRotation(45);
        List<Double> data = java.util.Arrays.stream(values).boxed().toList();
        double min = data.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = data.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (max <= min) max = min + 1;
        Histogram h = new Histogram(data, bins, min, max);
        c.addSeries("samples", h.getxAxisData(), h.getyAxisData());
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

    private static byte[] png(Chart<?, ?> c) throws IOException {
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }
}
