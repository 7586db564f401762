package sputnik.reports.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.UsageException;
import sputnik.harness.report.RunReport;
import sputnik.reports.SyntheticRuns;
import sputnik.reports.cost.PriceBook;

class LeaderboardTest {
    private static final Leaderboard.Pricing UNPRICED = new Leaderboard.Pricing(PriceBook.shipped(), null, 1);

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
        List<LeaderboardRow> rows = Leaderboard.build(List.of(weak, close, strong), UNPRICED, false).rows();
        assertThat(rows).extracting(LeaderboardRow::model).containsExactly("model-strong", "model-close", "model-weak");
        assertThat(rows).extracting(LeaderboardRow::rank).containsExactly(1, 2, 3);
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
        Leaderboard.Board board = Leaderboard.build(List.of(fast, slow, api), new Leaderboard.Pricing(PriceBook.shipped(), "H800", 2), false);
        List<LeaderboardRow> rows = board.rows();
        LeaderboardRow a = rows.stream().filter(r -> r.model().equals("deepseek-reasoner")).findFirst().orElseThrow();
        LeaderboardRow f = rows.stream().filter(r -> r.model().equals("local-a")).findFirst().orElseThrow();
        LeaderboardRow s = rows.stream().filter(r -> r.model().equals("local-b")).findFirst().orElseThrow();
        assertThat(a.cost().basis()).startsWith("api deepseek-reasoner");
        assertThat(f.cost().basis()).isEqualTo("hardware H800 x2");
        assertThat(s.cost().usdPerSolved()).isCloseTo(2 * f.cost().usdPerSolved(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s.paretoOptimal()).isFalse();
        assertThat(a.paretoOptimal()).isTrue();
        String md = LeaderboardWriters.markdown(board, "prices: test");
        assertThat(md).contains("| ≈").contains("hardware H800 x2").contains(LeaderboardTable.LEGEND).contains("30x4 of 30x4");
        assertThat(LeaderboardCsv.write(board).lines()).hasSize(4).first().asString().startsWith("suite,problem_set,rank,complete");
        assertThat(LeaderboardWriters.chart(board)).isNotNull();
        assertThat(LeaderboardWriters.html(board, LeaderboardWriters.chart(board), "p")).contains("data:image/png;base64,").doesNotContain("http");
    }

    @Test
    void twoRunsOfTheSameModelAndEngineGetTheirOwnPointsInTheChart() throws Exception {
        RunReport seed1 = SyntheticRuns.run("seed1", flat(30, 0.6), 4, 1, "local-a", 10);
        RunReport seed2 = SyntheticRuns.run("seed2", flat(30, 0.5), 4, 2, "local-a", 10);
        RunReport seed3 = SyntheticRuns.run("seed3", flat(30, 0.4), 4, 3, "local-a", 10);
        Leaderboard.Board board = Leaderboard.build(List.of(seed1, seed2, seed3), new Leaderboard.Pricing(PriceBook.shipped(), "H800", 1), false);
        assertThat(LeaderboardWriters.chart(board)).isNotNull();
    }

    @Test
    void aRunNarrowedWithLimitIsPricedPerSampleItGeneratedNotPerSampleInScope() throws Exception {
        // All 40 x 4 samples took the run's wall time; narrowing the scope to 10 problems must not charge that time to 40 samples.
        RunReport whole = SyntheticRuns.run("whole", flat(40, 1.0), 4, 1, "local", 100);
        RunReport narrow = SyntheticRuns.narrowed(SyntheticRuns.run("narrow", flat(40, 1.0), 4, 1, "local", 100), 10);
        assertThat(narrow.summary().counts().samplesDone()).isEqualTo(40);
        var pricing = new Leaderboard.Pricing(PriceBook.shipped(), "H800", 1);
        LeaderboardRow w = Leaderboard.build(List.of(whole), pricing, false).rows().getFirst();
        LeaderboardRow n = Leaderboard.build(List.of(narrow), pricing, false).rows().getFirst();
        assertThat(n.cost().usdPerSolved()).isCloseTo(w.cost().usdPerSolved(), org.assertj.core.api.Assertions.within(1e-15));
        assertThat(n.cost().inputs()).containsEntry("samples", 160);
    }

    @Test
    void eachSuiteIsRankedInItsOwnTable() throws Exception {
        RunReport toyA = SyntheticRuns.run("a", flat(30, 0.5), 2, 1, "m-a", 10, "toy");
        RunReport toyB = SyntheticRuns.run("b", flat(30, 0.6), 2, 2, "m-b", 10, "toy");
        RunReport other = SyntheticRuns.run("c", flat(30, 0.9), 2, 3, "m-c", 10, "other");
        Leaderboard.Board board = Leaderboard.build(List.of(toyA, other, toyB), UNPRICED, false);
        assertThat(board.tables()).extracting(ProblemSetTable::suite).containsExactly("other", "toy");
        assertThat(board.tables().get(1).rows()).extracting(LeaderboardRow::model).containsExactly("m-b", "m-a");
        assertThat(board.tables().get(0).rows().getFirst().rank()).isEqualTo(1);
        assertThat(board.tables().get(1).rows().getFirst().rank()).isEqualTo(1);
        String md = LeaderboardWriters.markdown(board, "p");
        assertThat(md).contains("## other: 30 problems").contains("## toy: 30 problems");
    }

    @Test
    void runsOverDifferentProblemsAreRankedInSeparateTablesWithANote() throws Exception {
        RunReport wide = SyntheticRuns.run("wide", flat(200, 0.5), 2, 1);
        RunReport narrow = SyntheticRuns.run("narrow", flat(50, 0.9), 2, 2);
        Leaderboard.Board board = Leaderboard.build(List.of(narrow, wide), UNPRICED, false);
        assertThat(board.tables()).hasSize(2);
        assertThat(board.tables()).extracting(ProblemSetTable::problems).containsExactly(200, 50);
        assertThat(board.rows()).extracting(LeaderboardRow::rank).containsExactly(1, 1);
        assertThat(board.tables().getFirst().problemSet()).isNotEqualTo(board.tables().getLast().problemSet());
        assertThat(board.tables().getFirst().note()).contains("2 different problem sets").contains("not comparable");
    }

    @Test
    void anIncompleteRunIsLeftOutOrListedUnrankedAfterTheRankedOnes() throws Exception {
        RunReport full = SyntheticRuns.run("full", flat(40, 0.5), 16, 1);
        // 1 of 16 samples per problem, and a lucky one: it would rank first on pass@1.
        RunReport thin = SyntheticRuns.firstSamples(SyntheticRuns.run("thin", flat(40, 0.99), 16, 2), 1);
        Leaderboard.Board board = Leaderboard.build(List.of(thin, full), UNPRICED, false);
        assertThat(board.rows()).extracting(LeaderboardRow::run).containsExactly(full.dir().toString());
        assertThat(board.leftOut()).singleElement().satisfies(l -> {
            assertThat(l.run()).isEqualTo(thin.dir().toString());
            assertThat(l.coverage()).isEqualTo("40x1 of 40x16");
            assertThat(l.incomplete()).isTrue();
        });
        assertThat(LeaderboardWriters.markdown(board, "p")).contains("Left out: " + thin.dir() + " (incomplete: 40x1 of 40x16)");

        Leaderboard.Board all = Leaderboard.build(List.of(thin, full), UNPRICED, true);
        assertThat(all.rows()).extracting(LeaderboardRow::run).containsExactly(full.dir().toString(), thin.dir().toString());
        assertThat(all.rows()).extracting(LeaderboardRow::rank).containsExactly(1, null);
        assertThat(all.rows().get(1).complete()).isFalse();
        assertThat(all.rows().get(1).tiedWithAbove()).isFalse();
        assertThat(LeaderboardTable.rows(all.tables().getFirst()).get(1)).startsWith("incomplete").contains("40x1 of 40x16");
        assertThat(LeaderboardWriters.html(all, null, "p")).contains("<tr class=incomplete><td>incomplete</td>");
    }

    @Test
    void nothingCompleteToRankIsRefusedWithWhatToDo() {
        RunReport thin = SyntheticRuns.interrupted(SyntheticRuns.run("thin", flat(40, 0.5), 4, 2), 10);
        assertThatThrownBy(() -> Leaderboard.build(List.of(thin), UNPRICED, false)).isInstanceOf(UsageException.class)
                .hasMessageContaining("nothing to rank").hasMessageContaining("10x4 of 40x4").hasMessageContaining("--include-incomplete");
    }

    @Test
    void theHtmlTableIsBuiltToFitA1280PixelWindow() throws Exception {
        RunReport r = SyntheticRuns.run("a-run-directory-with-a-rather-long-name/under/some/deep/path", flat(30, 0.5), 2, 1,
                "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B-some-long-quantization-suffix", 10);
        String html = LeaderboardWriters.html(Leaderboard.build(List.of(r), new Leaderboard.Pricing(PriceBook.shipped(), "H800", 1), false), null, "p");
        // At most 15 columns; names and paths may break anywhere, numbers never; a 1200 px page in a 1280 px window.
        // (Checked by eye too: chromium --headless --screenshot --window-size=1280,900 shows no horizontal scrolling.)
        assertThat(LeaderboardTable.HEADER).hasSizeLessThanOrEqualTo(15);
        assertThat(LeaderboardTable.HTML_CLASSES).hasSameSizeAs(LeaderboardTable.HEADER);
        assertThat(html).contains("body{max-width:1200px}").contains(".lb .path{overflow-wrap:anywhere").contains("<table class=lb>")
                .contains("<td class=num>").contains("<td class=path>");
    }
}
