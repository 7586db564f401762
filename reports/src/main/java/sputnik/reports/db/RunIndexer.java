package sputnik.reports.db;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReport;
import sputnik.harness.report.RunReports;
import sputnik.harness.util.Hashing;
import sputnik.harness.util.Json;
import sputnik.reports.coverage.Coverage;
import sputnik.reports.leaderboard.Leaderboard;

/**
 * Loads a run directory into the results database: its run.json, its scores (scored afresh from
 * samples.jsonl, as {@code report} does) and every sample. Indexing a run again replaces what was
 * there in one transaction (a resumed or extended run), so a run is in the database once, whole.
 */
public final class RunIndexer {
    private RunIndexer() {}

    /** What one indexing did: {@code replaced} when the run was in the database before. */
    public record Indexed(String runKey, String dir, int samples, boolean complete, boolean replaced) {}

    /** The key a run directory is stored under: 16 hex digits of SHA-256 of its absolute, normalized path. */
    public static String runKey(Path dir) {
        return Hashing.sha256(canonical(dir)).substring(0, 16);
    }

    static String canonical(Path dir) {
        return dir.toAbsolutePath().normalize().toString();
    }

    public static Indexed index(ResultsDb db, Path dir, boolean withText) throws IOException, UsageException {
        return index(db, RunReports.load(dir), withText);
    }

    /** Indexes a run already loaded (scored as {@link RunReports#load} scores it), under its directory. */
    public static Indexed index(ResultsDb db, RunReport r, boolean withText) throws UsageException {
        Path dir = r.dir();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                Indexed done = write(c, r, withText);
                c.commit();
                return done;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new UsageException("could not index " + dir + " into " + db.location().display() + ": " + ResultsDb.oneLine(e.getMessage())
                    + "; the run directory is unchanged, index it again with: sputnik db index " + dir);
        }
    }

    private static Indexed write(Connection c, RunReport r, boolean withText) throws SQLException {
        String dir = canonical(r.dir());
        String key = runKey(r.dir());
        RunManifest m = r.manifest();
        Summary s = r.summary();
        Coverage cov = Coverage.of(r);
        Leaderboard.Entry e = Leaderboard.Entry.of(r);
        List<RunManifest.Session> sessions = m.sessions();
        // First the run's row: on PostgreSQL the upsert locks it until commit, so two processes
        // indexing the same run take turns instead of interleaving their deletes and inserts.
        boolean replaced;
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM runs WHERE run_key = ?")) {
            st.setString(1, key);
            try (var rs = st.executeQuery()) {
                replaced = rs.next();
            }
        }
        try (PreparedStatement st = c.prepareStatement(UPSERT_RUN)) {
            int i = 1;
            st.setString(i++, key);
            st.setString(i++, dir);
            st.setString(i++, String.valueOf(m.config().get("suite")));
            st.setString(i++, String.valueOf(m.config().get("model")));
            st.setString(i++, String.valueOf(m.config().get("engine")));
            st.setString(i++, cov.problemSet());
            Sql.text(st, i++, m.environment().get("git_commit") == null ? null : String.valueOf(m.environment().get("git_commit")));
            Sql.text(st, i++, sessions.isEmpty() ? null : sessions.getFirst().startedAt());
            Sql.text(st, i++, sessions.isEmpty() ? null : sessions.getLast().endedAt());
            Sql.text(st, i++, sessions.isEmpty() ? null : sessions.getLast().status());
            st.setBoolean(i++, cov.complete());
            st.setString(i++, cov.label());
            st.setInt(i++, cov.problemsPlanned());
            st.setInt(i++, cov.samplesPerProblem());
            st.setInt(i++, cov.samplesDone());
            st.setInt(i++, e.samples());
            st.setLong(i++, e.promptTokens());
            st.setLong(i++, e.completionTokens());
            st.setDouble(i++, sessions.stream().mapToDouble(RunManifest.Session::wallSeconds).sum());
            Sql.real(st, i++, s.passAt1() == null ? null : s.passAt1().value());
            Sql.real(st, i++, s.passAt1() == null ? null : s.passAt1().ciLow());
            Sql.real(st, i++, s.passAt1() == null ? null : s.passAt1().ciHigh());
            st.setString(i++, Json.line(m));
            st.setString(i++, Json.line(s));
            st.setString(i++, Json.line(headline(s)));
            st.setBoolean(i++, withText);
            st.setString(i, Instant.now().toString());
            st.executeUpdate();
        }
        for (String table : List.of("samples", "run_problems")) {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table + " WHERE run_key = ?")) {
                st.setString(1, key);
                st.executeUpdate();
            }
        }
        Set<String> scored = new HashSet<>();
        for (SampleRecord x : r.scoredSamples()) scored.add(x.sampleId());
        try (PreparedStatement st = c.prepareStatement(INSERT_SAMPLE)) {
            int n = 0;
            for (SampleRecord x : r.samples()) {
                bindSample(st, key, x, scored.contains(x.sampleId()), withText);
                st.addBatch();
                if (++n % 1000 == 0) st.executeBatch();
            }
            st.executeBatch();
        }
        List<String> order = m.scope().problemIds();
        Map<String, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < order.size(); i++) position.putIfAbsent(order.get(i), i);
        try (PreparedStatement st = c.prepareStatement(INSERT_PROBLEM)) {
            for (Summary.ProblemRow p : s.perProblem()) {
                st.setString(1, key);
                st.setString(2, p.problemId());
                st.setInt(3, position.getOrDefault(p.problemId(), Integer.MAX_VALUE));
                st.setInt(4, p.samples());
                st.setInt(5, p.correct());
                st.setDouble(6, p.passAt1());
                Sql.text(st, 7, p.majority());
                st.setBoolean(8, p.majorityCorrect());
                st.addBatch();
            }
            st.executeBatch();
        }
        return new Indexed(key, dir, r.samples().size(), cov.complete(), replaced);
    }

    /** The scores without their per-problem rows, which run_problems holds. */
    static Summary headline(Summary s) {
        return new Summary(s.run(), s.counts(), s.passAt1(), s.passAtK(), s.consAtK(), s.verdicts(), s.tokens(), s.latencyMs(), List.of(),
                s.definitions());
    }

    private static void bindSample(PreparedStatement st, String key, SampleRecord x, boolean inScope, boolean withText) throws SQLException {
        int i = 1;
        st.setString(i++, key);
        st.setString(i++, x.sampleId());
        st.setString(i++, x.problemId());
        st.setInt(i++, x.sampleIndex());
        st.setLong(i++, x.seed());
        st.setBoolean(i++, inScope);
        Sql.text(st, i++, x.promptSha256());
        st.setString(i++, x.verdict().wire());
        st.setBoolean(i++, x.verdict().correct());
        Sql.text(st, i++, x.extracted());
        Sql.text(st, i++, x.voteKey());
        Object reason = x.detail() == null ? null : x.detail().get("reason");
        Sql.text(st, i++, reason == null ? null : String.valueOf(reason));
        Sql.text(st, i++, x.detail() == null || x.detail().isEmpty() ? null : Json.line(x.detail()));
        Sql.text(st, i++, x.finishReason() == null ? null : x.finishReason().wire());
        st.setInt(i++, x.promptTokens());
        st.setInt(i++, x.completionTokens());
        st.setBoolean(i++, Boolean.TRUE.equals(x.tokensEstimated()));
        Sql.real(st, i++, x.timings() == null ? null : x.timings().ttftMs());
        Sql.real(st, i++, x.timings() == null ? null : x.timings().e2eMs());
        Sql.text(st, i++, x.timings() == null ? null : Json.line(x.timings()));
        Sql.text(st, i++, x.finishedAt());
        Sql.text(st, i++, withText ? x.response() : null);
        Sql.text(st, i, withText ? x.reasoning() : null);
    }

    private static final List<String> RUN_COLUMNS = List.of("run_key", "dir", "suite", "model", "engine", "problem_set", "git_commit",
            "started_at", "ended_at", "status", "complete", "coverage", "problems_planned", "samples_per_problem", "samples_done",
            "samples_total", "prompt_tokens", "completion_tokens", "wall_seconds", "pass_at_1", "pass_at_1_ci_low", "pass_at_1_ci_high",
            "manifest_json", "summary_json", "headline_json", "with_text", "indexed_at");

    /** Both SQLite (3.24+) and PostgreSQL (9.5+) take this upsert. */
    private static final String UPSERT_RUN = "INSERT INTO runs (" + String.join(", ", RUN_COLUMNS) + ") VALUES ("
            + String.join(", ", RUN_COLUMNS.stream().map(x -> "?").toList()) + ") ON CONFLICT (run_key) DO UPDATE SET "
            + String.join(", ", RUN_COLUMNS.stream().skip(1).map(x -> x + " = excluded." + x).toList());

    private static final List<String> SAMPLE_COLUMNS = List.of("run_key", "sample_id", "problem_id", "sample_index", "seed", "in_scope",
            "prompt_sha256", "verdict", "correct", "extracted", "vote_key", "reason", "detail_json", "finish_reason", "prompt_tokens",
            "completion_tokens", "tokens_estimated", "ttft_ms", "e2e_ms", "timings_json", "finished_at", "response", "reasoning");

    private static final String INSERT_SAMPLE = "INSERT INTO samples (" + String.join(", ", SAMPLE_COLUMNS) + ") VALUES ("
            + String.join(", ", SAMPLE_COLUMNS.stream().map(x -> "?").toList()) + ")";

    private static final String INSERT_PROBLEM = "INSERT INTO run_problems (run_key, problem_id, position, samples, correct, pass_at_1, "
            + "majority, majority_correct) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
}
