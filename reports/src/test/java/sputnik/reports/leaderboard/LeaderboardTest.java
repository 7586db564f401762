package sputnik.reports.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import sputnik.harness.report.RunReport;
import sputnik.reports.SyntheticRuns;
import sputnik.reports.cost.PriceBook;

class LeaderboardTest {
    private static double[] flat(int n, double p) {
        double[] r = new double[n];
        Arrays.fill(r, p);
        return r;
    }

    @Test
    void rowsAreRankedWithOverlappingIntervalsMarkedAsTies() throws Exception {
        RunReport strong = SyntheticRuns.run("strong", flat(30, 0.9), 8, 1);
        RunReport close = SyntheticRuns.run("close", flat(30, 0.88), 8, 2);
        RunReport weak = SyntheticRuns.run("weak", flat(30, 0.3), 8, 3);
        List<LeaderboardRow> rows = Leaderboard.build(List.of(weak, close, strong), new Leaderboard.Pricing(PriceBook.shipped(), null, 1));
        assertThat(rows).extracting(LeaderboardRow::model).containsExactly("model-strong", "model-close", "model-weak");
        assertThat(rows.get(1).tiedWithAbove()).isTrue();
        assertThat(rows.get(2).tiedWithAbove()).isFalse();
        assertThat(rows).allMatch(r -> r.cost() == null);
    }

    @Test
    void costsComeFromTheApiPriceOrTheHardwareAndTheFrontierIsMarked() throws Exception {
        // Same accuracy, one run twice as slow on the same hardware: it costs twice as much per solved problem.
        RunReport fast = SyntheticRuns.run("fast", flat(30, 0.6), 4, 1, "local-a", 10);
        RunReport slow = SyntheticRuns.run("slow", flat(30, 0.6), 4, 1, "local-b", 20);
        RunReport api = SyntheticRuns.run("api", flat(30, 0.9), 4, 2, "deepseek-reasoner", 10);
        List<LeaderboardRow> rows = Leaderboard.build(List.of(fast, slow, api), new Leaderboard.Pricing(PriceBook.shipped(), "H800", 2));
        LeaderboardRow a = rows.stream().filter(r -> r.model().equals("deepseek-reasoner")).findFirst().orElseThrow();
        LeaderboardRow f = rows.stream().filter(r -> r.model().equals("local-a")).findFirst().orElseThrow();
        LeaderboardRow s = rows.stream().filter(r -> r.model().equals("local-b")).findFirst().orElseThrow();
        assertThat(a.cost().basis()).startsWith("api deepseek-reasoner");
        assertThat(f.cost().basis()).isEqualTo("hardware H800 x2");
        assertThat(s.cost().usdPerSolved()).isCloseTo(2 * f.cost().usdPerSolved(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s.paretoOptimal()).isFalse();
        assertThat(a.paretoOptimal()).isTrue();
        String md = LeaderboardWriters.markdown(rows, "prices: test");
        assertThat(md).contains("| ≈").contains("hardware H800 x2").contains(LeaderboardTable.LEGEND);
        assertThat(LeaderboardWriters.csv(rows).lines()).hasSize(4).first().asString().startsWith("rank,suite,model");
        assertThat(LeaderboardWriters.chart(rows)).isNotNull();
        assertThat(LeaderboardWriters.html(rows, LeaderboardWriters.chart(rows), "p")).contains("data:image/png;base64,").doesNotContain("http");
    }

    @Test
    void twoRunsOfTheSameModelAndEngineGetTheirOwnPointsInTheChart() throws Exception {
        RunReport seed1 = SyntheticRuns.run("seed1", flat(30, 0.6), 4, 1, "local-a", 10);
        RunReport seed2 = SyntheticRuns.run("seed2", flat(30, 0.5), 4, 2, "local-a", 10);
        RunReport seed3 = SyntheticRuns.run("seed3", flat(30, 0.4), 4, 3, "local-a", 10);
        List<LeaderboardRow> rows = Leaderboard.build(List.of(seed1, seed2, seed3), new Leaderboard.Pricing(PriceBook.shipped(), "H800", 1));
        assertThat(LeaderboardWriters.chart(rows)).isNotNull();
    }
}
