package sputnik.reports.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import sputnik.harness.report.RunReport;
import sputnik.reports.SyntheticRuns;
import sputnik.reports.format.Charts;

/** The report's charts show what its tables count, on axes a reader can take at their word. */
class HtmlReportChartsTest {
    private static double[] flat(int n, double p) {
        double[] r = new double[n];
        Arrays.fill(r, p);
        return r;
    }

    @Test
    void chartsCountTheScoredScopeNotEverySampleInTheDirectory() {
        // 40 problems x 4 samples were generated; the run was then narrowed to its first 10 problems.
        RunReport narrow = SyntheticRuns.narrowed(SyntheticRuns.run("narrow", flat(40, 0.5), 4, 1), 10);
        assertThat(narrow.samples()).hasSize(160);
        assertThat(narrow.summary().counts().samplesDone()).isEqualTo(40);
        assertThat(HtmlReportWriter.tokenBins(narrow).counts().stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
        assertThat(HtmlReportWriter.latencyBins(narrow).counts().stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
    }

    @Test
    void histogramBinsHaveIntegerEdges() {
        double[] tokens = {39, 40, 41, 44, 45, 46, 47, 48, 49, 50, 51, 52};
        Charts.Bins b = Charts.bins(tokens, 20);
        assertThat(b.labels()).allMatch(l -> l.matches("[0-9,]+(–[0-9,]+)?"), "integer labels");
        assertThat(b.counts().stream().mapToInt(Integer::intValue).sum()).isEqualTo(tokens.length);
        assertThat(b.labels().getFirst()).isEqualTo("39");
        assertThat(b.labels().getLast()).isEqualTo("52");
        Charts.Bins wide = Charts.bins(new double[] {0, 1234.5, 9999}, 20);
        assertThat(wide.labels()).hasSizeLessThanOrEqualTo(20).first().isEqualTo("0–499");
        assertThat(wide.labels()).contains("1,000–1,499").last().isEqualTo("9,500–9,999");
        assertThat(wide.counts().get(2)).isEqualTo(1);
        assertThat(Charts.bins(new double[] {7, 7, 7}, 20).labels()).containsExactly("7");
    }

    @Test
    void thePassAtKChartHasATickAtEachKAndNowhereElse() {
        RunReport r = SyntheticRuns.run("r", flat(10, 0.5), 4, 1);
        assertThat(HtmlReportWriter.kLabels(r.summary())).containsExactly("1", "2", "4");
        // A category axis: ticks are the labels themselves; a numeric one put them at 1.5 and 2.5 too.
        var chart = HtmlReportWriter.passAtKChart(r.summary());
        assertThat(new java.util.ArrayList<Object>(chart.getSeriesMap().get("pass@k").getXData())).containsExactly("1", "2", "4");
        assertThat(new java.util.ArrayList<Object>(chart.getSeriesMap().get("cons@k").getXData())).containsExactly("1", "2", "4");
    }
}
