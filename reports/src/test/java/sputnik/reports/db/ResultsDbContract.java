package sputnik.reports.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.api.UsageException;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReport;
import sputnik.harness.report.RunReports;
import sputnik.reports.cost.PriceBook;
import sputnik.reports.leaderboard.Leaderboard;
import sputnik.reports.leaderboard.LeaderboardCsv;
import sputnik.reports.leaderboard.LeaderboardWriters;

/** What every results database must do, run against SQLite and (when a server is given) PostgreSQL. */
abstract class ResultsDbContract {
    @TempDir
    Path tmp;

    /** A fresh, empty database for one test. */
    abstract DbLocation freshLocation() throws Exception;

    /** How many writers index at once in the concurrency test. */
    abstract int writers();

    static final Leaderboard.Pricing PRICED = new Leaderboard.Pricing(PriceBook.shipped(), "H800", 1);

    long count(ResultsDb db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void indexingARunAgainReplacesItAndAnExtendedRunIsUpdated() throws Exception {
        ResultsDb db = ResultsDb.open(freshLocation());
        RunReport whole = TestRuns.run("r", "aime2024", "m", "c1", "2026-11-01T00:00:00Z", 12, 4, 1);
        Path dir = TestRuns.write(tmp.resolve("r"), TestRuns.interrupted(whole, 5));
        RunIndexer.Indexed first = RunIndexer.index(db, dir, false);
        assertThat(first.replaced()).isFalse();
        assertThat(first.complete()).isFalse();
        assertThat(count(db, "SELECT COUNT(*) FROM samples")).isEqualTo(20);
        RunIndexer.Indexed again = RunIndexer.index(db, dir, false);
        assertThat(again.replaced()).isTrue();
        assertThat(count(db, "SELECT COUNT(*) FROM runs")).isEqualTo(1);
        assertThat(count(db, "SELECT COUNT(*) FROM samples")).isEqualTo(20);
        TestRuns.write(dir, whole); // resumed to the end
        RunIndexer.index(db, dir, false);
        assertThat(count(db, "SELECT COUNT(*) FROM samples")).isEqualTo(48);
        assertThat(count(db, "SELECT COUNT(*) FROM run_problems")).isEqualTo(12);
        StoredRun stored = new ResultsQueries(db).runs(RunFilter.all()).getFirst();
        assertThat(stored.complete()).isTrue();
        assertThat(stored.coverage()).isEqualTo("12x4 of 12x4");
        assertThat(stored.passAt1()).isEqualTo(whole.summary().passAt1().value());
    }

    @Test
    void theLeaderboardFromTheDatabaseIsTheLeaderboardFromTheDirectories() throws Exception {
        ResultsDb db = ResultsDb.open(freshLocation());
        List<RunReport> loaded = new ArrayList<>();
        String[] models = {"alpha", "beta", "gamma", "delta"};
        for (int i = 0; i < models.length; i++) {
            RunReport r = TestRuns.run(models[i], "math500", models[i], "c" + i, "2026-11-0" + (i + 1) + "T00:00:00Z", 20, 3, 10 + i);
            Path dir = TestRuns.write(tmp.resolve(models[i]), i == 3 ? TestRuns.interrupted(r, 7) : r);
            RunIndexer.index(db, dir, false);
            loaded.add(RunReports.load(dir.toAbsolutePath()));
        }
        for (boolean incomplete : new boolean[] {false, true}) {
            Leaderboard.Board files = Leaderboard.build(loaded, PRICED, incomplete);
            Leaderboard.Board stored = Leaderboard.of(new ResultsQueries(db).leaderboardEntries("math500"), PRICED, incomplete);
            assertThat(stored.rows()).isEqualTo(files.rows());
            assertThat(stored.leftOut()).isEqualTo(files.leftOut());
            assertThat(LeaderboardCsv.write(stored)).isEqualTo(LeaderboardCsv.write(files));
            assertThat(LeaderboardWriters.json(stored, PriceBook.shipped(), "n")).isEqualTo(LeaderboardWriters.json(files, PriceBook.shipped(), "n"));
        }
        assertThat(new ResultsQueries(db).leaderboardEntries("aime2024")).isEmpty();
    }

    @Test
    void samplesComeBackAsTheyWereRecorded() throws Exception {
        ResultsDb db = ResultsDb.open(freshLocation());
        RunReport r = TestRuns.run("s", "aime2024", "m", "c1", "2026-11-01T00:00:00Z", 3, 2, 5);
        Path dir = TestRuns.write(tmp.resolve("s"), r);
        RunIndexer.index(db, dir, true);
        String key = RunIndexer.runKey(dir);
        List<SampleRecord> back = new ResultsQueries(db).samples(key);
        assertThat(back).containsExactlyElementsOf(r.samples());
        RunIndexer.index(db, dir, false); // without text: everything but the text
        SampleRecord noText = new ResultsQueries(db).sample(key, r.samples().getFirst().sampleId()).orElseThrow();
        assertThat(noText.response()).isNull();
        assertThat(noText.verdict()).isEqualTo(r.samples().getFirst().verdict());
        assertThat(noText.timings()).isEqualTo(r.samples().getFirst().timings());
    }

    @Test
    void historyProblemsAndRunsAnswerFromTheIndex() throws Exception {
        ResultsDb db = ResultsDb.open(freshLocation());
        for (int i = 0; i < 3; i++) {
            RunIndexer.index(db, TestRuns.write(tmp.resolve("a" + i), TestRuns.run("a" + i, "aime2024", "a", "commit" + i, "2026-11-0" + (i + 1) + "T00:00:00Z", 10, 2, i)), false);
        }
        RunIndexer.index(db, TestRuns.write(tmp.resolve("b"), TestRuns.run("b", "aime2024", "b", "commit9", "2026-11-09T00:00:00Z", 10, 2, 9)), false);
        ResultsQueries q = new ResultsQueries(db);
        assertThat(q.history("a", "aime2024")).extracting(StoredRun::gitCommit).containsExactly("commit0", "commit1", "commit2");
        List<ProblemStat> problems = q.problems("aime2024", false);
        assertThat(problems).hasSize(10);
        assertThat(problems).isSortedAccordingTo(java.util.Comparator.comparingDouble(ProblemStat::solveRate));
        assertThat(problems).allSatisfy(p -> assertThat(p.models()).isEqualTo(2));
        assertThat(problems.stream().mapToLong(ProblemStat::samples).sum()).isEqualTo(80);
        assertThat(q.runs(new RunFilter(null, "b", null, null, null, null, 10))).extracting(StoredRun::model).containsExactly("b");
        assertThat(q.runs(new RunFilter(null, null, null, null, "2026-11-02", null, 10))).hasSize(3);
        assertThat(q.runs(new RunFilter("aime2024", null, null, "commit1", null, true, 10))).hasSize(1);
    }

    @Test
    void writersIndexingAtOnceLoseNothing() throws Exception {
        DbLocation loc = freshLocation();
        ResultsDb.open(loc);
        int n = writers();
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < n; i++) dirs.add(TestRuns.write(tmp.resolve("w" + i), TestRuns.run("w" + i, "math500", "m" + i, "c", "2026-11-01T00:00:00Z", 50, 8, i)));
        Path shared = TestRuns.write(tmp.resolve("shared"), TestRuns.run("shared", "math500", "s", "c", "2026-11-01T00:00:00Z", 50, 8, 99));
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<?>> fs = new ArrayList<>();
            for (Path d : dirs) {
                fs.add(pool.submit(() -> {
                    ResultsDb own = ResultsDb.open(loc); // each writer opens the database as a process would
                    RunIndexer.index(own, d, false);
                    RunIndexer.index(own, shared, false); // and all of them index one run too
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        }
        ResultsDb db = ResultsDb.open(loc);
        assertThat(count(db, "SELECT COUNT(*) FROM runs")).isEqualTo(n + 1);
        assertThat(count(db, "SELECT COUNT(*) FROM samples")).isEqualTo((n + 1) * 400L);
        assertThat(count(db, "SELECT COUNT(*) FROM run_problems")).isEqualTo((n + 1) * 50L);
    }

    @Test
    void aDatabaseMigratedByANewerSputnikIsRefused() throws Exception {
        DbLocation loc = freshLocation();
        ResultsDb db = ResultsDb.open(loc);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO " + ResultsDb.HISTORY_TABLE + " (installed_rank, version, description, type, script, checksum, installed_by, "
                    + "execution_time, success) VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 1, "
                    + (loc.kind() == DbLocation.Kind.SQLITE ? "1" : "true") + ")");
        }
        assertThatThrownBy(() -> ResultsDb.open(loc)).isInstanceOf(UsageException.class)
                .hasMessageContaining("schema version 99, newer than this Sputnik knows (1)").hasMessageContaining("upgrade Sputnik");
    }

    @Test
    void theSchemaVersionIsTheNewestMigrations() {
        assertThat(ResultsDb.knownVersion()).isEqualTo(ResultsDb.SCHEMA_VERSION);
    }
}
