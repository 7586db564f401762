package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `sputnik db` and the automatic indexing, as a user meets them: a run indexes itself when
 * $SPUTNIK_DB is set, processes index into one database at once and lose nothing, `db leaderboard`
 * gives `leaderboard`'s rows, and a bad --db is a one-line error with exit 2 that never shows a password.
 */
class ResultsDbCliTest {
    @TempDir
    Path tmp;

    private Path run(String name, String seed) {
        Path out = tmp.resolve("runs").resolve(name);
        Cli c = Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--limit", "40", "--samples", "3",
                "--seed", seed, "--replay-delay-ms", "0", "--concurrency", "4", "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        return out.toAbsolutePath();
    }

    private static Process start(List<String> cmd, String sputnikDb, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (sputnikDb != null) pb.environment().put("SPUTNIK_DB", sputnikDb);
        else pb.environment().remove("SPUTNIK_DB");
        return pb.start();
    }

    private static String finish(Process p, Path log) throws Exception {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aRunIndexesItselfWhenADatabaseIsConfigured() throws Exception {
        Path db = tmp.resolve("auto.db");
        Path out = tmp.resolve("runs").resolve("auto");
        Path log = tmp.resolve("auto.log");
        String said = finish(start(Cli.command("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--limit", "10",
                "--samples", "2", "--replay-delay-ms", "0", "--out", out.toString()), db.toString(), log), log);
        assertThat(said).contains("sputnik: indexed " + out + " into " + db + " (20 samples");
        Cli runs = Cli.run("db", "runs", "--db", db.toString(), "--format", "csv");
        assertThat(runs.exit()).as(runs.err()).isZero();
        assertThat(runs.out().lines().skip(1).toList()).singleElement().asString().contains(",arith,").contains(out.toAbsolutePath().toString());
    }

    @Test
    void processesIndexingOneDatabaseAtOnceLoseNothing() throws Exception {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 4; i++) dirs.add(run("r" + i, String.valueOf(i + 1)));
        indexConcurrently(tmp.resolve("two.db").toString(), 2, dirs);
    }

    @Test
    void eightProcessesIndexingPostgresqlAtOnceLoseNothing() throws Exception {
        String pg = System.getenv("SPUTNIK_TEST_POSTGRES");
        assumeTrue(pg != null && !pg.isBlank(), "no PostgreSQL server: set $SPUTNIK_TEST_POSTGRES (.ci/run starts one)");
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 8; i++) dirs.add(run("p" + i, String.valueOf(i + 1)));
        Cli.run("db", "rebuild", "--db", pg, dirs.getFirst().toString()); // a known state: this test's runs only
        indexConcurrently(pg, 8, dirs);
    }

    /** {@code processes} processes each index every run, in a different order, at once; then each run is there once, whole. */
    private void indexConcurrently(String db, int processes, List<Path> dirs) throws Exception {
        List<Process> ps = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            List<String> args = new ArrayList<>(List.of("db", "index", "--db", db));
            List<Path> order = new ArrayList<>(dirs);
            java.util.Collections.rotate(order, p);
            order.forEach(d -> args.add(d.toString()));
            Path log = tmp.resolve("index-" + p + ".log");
            logs.add(log);
            ps.add(start(Cli.command(args.toArray(String[]::new)), null, log));
        }
        for (int p = 0; p < processes; p++) assertThat(finish(ps.get(p), logs.get(p))).contains("indexed " + dirs.size() + " runs");
        Cli runs = Cli.run("db", "runs", "--db", db, "--format", "csv");
        assertThat(runs.exit()).as(runs.err()).isZero();
        List<String> rows = runs.out().lines().skip(1).toList();
        assertThat(rows).hasSize(dirs.size());
        assertThat(rows).allSatisfy(r -> assertThat(r).contains(",40x3 of 40x3,true,120,"));
    }

    @Test
    void dbLeaderboardGivesTheRowsOfLeaderboard() throws Exception {
        Path db = tmp.resolve("lb.db");
        List<String> files = new ArrayList<>(List.of("leaderboard", "--out", tmp.resolve("lb").toString(), "--hardware", "H100"));
        List<String> index = new ArrayList<>(List.of("db", "index", "--db", db.toString()));
        for (int i = 0; i < 3; i++) {
            Path d = run("l" + i, String.valueOf(10 + i));
            files.add(d.toString());
            index.add(d.toString());
        }
        assertThat(Cli.run(index.toArray(String[]::new)).exit()).isZero();
        Cli lb = Cli.run(files.toArray(String[]::new));
        assertThat(lb.exit()).as(lb.err()).isZero();
        Cli fromDb = Cli.run("db", "leaderboard", "--db", db.toString(), "--suite", "arith", "--hardware", "H100", "--format", "csv");
        assertThat(fromDb.exit()).as(fromDb.err()).isZero();
        assertThat(fromDb.out()).isEqualTo(Files.readString(tmp.resolve("lb").resolve("leaderboard.csv")));
        Cli table = Cli.run("db", "leaderboard", "--db", db.toString(), "--suite", "arith", "--hardware", "H100");
        assertThat(table.out()).isEqualTo(lb.out());
    }

    @Test
    void aBadDatabaseIsAOneLineUsageErrorThatKeepsThePasswordSecret() {
        Cli unknown = Cli.run("db", "runs", "--db", "mysql://u:hunter2@localhost/x");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("--db mysql://u:***@localhost/x: unknown database").doesNotContain("hunter2");
        Cli down = Cli.run("db", "runs", "--db", "postgresql://u:hunter2@127.0.0.1:1/results");
        assertThat(down.exit()).isEqualTo(2);
        assertThat(down.err().strip()).doesNotContain("\n").startsWith("sputnik: cannot open results database postgresql://u:***@127.0.0.1:1/results")
                .contains("check that the server is running").doesNotContain("hunter2");
        Cli none = Cli.run("db", "history", "--db", tmp.resolve("empty.db").toString(), "--model", "m", "--suite", "arith");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no runs of model m on suite arith");
    }

    @Test
    void aSamplePageShowsThePromptOnlyWhenItIsTheOneTheRunRecorded() throws Exception {
        Path dir = run("prompted", "1");
        var db = sputnik.reports.db.ResultsDb.open(sputnik.reports.db.DbLocation.parse(tmp.resolve("p.db").toString(), "test"));
        sputnik.reports.db.RunIndexer.index(db, dir, false);
        String key = sputnik.reports.db.RunIndexer.runKey(dir);
        try (var server = sputnik.reports.web.WebServer.start(new sputnik.reports.db.ResultsQueries(db), "test",
                new sputnik.reports.leaderboard.Leaderboard.Pricing(sputnik.reports.cost.PriceBook.shipped(), null, 1), "127.0.0.1", 0)) {
            var http = java.net.http.HttpClient.newHttpClient();
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/sample/" + key
                    + "/" + java.net.URLEncoder.encode("arith:arith-000#0", java.nio.charset.StandardCharsets.UTF_8))).build();
            String page = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(page).contains("As the run recorded it (prompts.jsonl in its directory).").contains("<pre class=text id=prompt>");
            // A run without prompts.jsonl (made before it existed): rendered again from the suite, shown since its hash matches.
            java.nio.file.Files.delete(dir.resolve("prompts.jsonl"));
            page = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(page).contains("its SHA-256 is the one the run recorded").contains("<pre class=text id=prompt>");
        }
    }
}
