package sputnik.reports.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Timings;
import sputnik.harness.api.UsageException;
import sputnik.harness.api.Verdict;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReport;
import sputnik.harness.util.Json;
import sputnik.reports.leaderboard.Leaderboard;

/** The questions asked of the results database: each answered from the runs and per-problem rows indexing keeps. */
public final class ResultsQueries {
    private final ResultsDb db;

    public ResultsQueries(ResultsDb db) {
        this.db = db;
    }

    /**
     * What the leaderboard ranks, for one suite or (null) all, as indexing computed it. The scores come
     * from the headline and the run_problems rows: all that ranking and coverage read, without parsing
     * every problem's answer tallies (the bulk of a summary). The rows carry no per-problem rate,
     * majority or tallies: nothing on a leaderboard reads them.
     */
    public List<Leaderboard.Entry> leaderboardEntries(String suite) throws UsageException {
        String where = suite != null ? " WHERE r.suite = ?" : "";
        Binder bySuite = st -> {
            if (suite != null) st.setString(1, suite);
        };
        Map<String, List<Summary.ProblemRow>> rows = new HashMap<>();
        // Ranking reads a problem row's id and sample count only (coverage); the rest of the row stays unread, and
        // its order is the scope's, which coverage applies itself.
        query("SELECT p.run_key, p.problem_id, p.samples, p.correct FROM run_problems p JOIN runs r ON r.run_key = p.run_key" + where, bySuite,
                rs -> rows.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Summary.ProblemRow(rs.getString(2), rs.getInt(3),
                        rs.getInt(4), 0, null, false, Map.of(), 0, 0)));
        record Raw(String key, String dir, String manifest, String headline, int samples, long promptTokens, long completionTokens) {}
        List<Raw> raw = query("SELECT r.run_key, r.dir, r.manifest_json, r.headline_json, r.samples_total, r.prompt_tokens, r.completion_tokens "
                + "FROM runs r" + where + " ORDER BY r.dir", bySuite, rs -> new Raw(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getLong(6), rs.getLong(7)));
        // Parsed on every core: a command's JVM is cold, and the JSON of a hundred runs is most of its work.
        return raw.parallelStream().map(r -> {
            Summary h = parse(r.headline(), Summary.class);
            Summary s = new Summary(h.run(), h.counts(), h.passAt1(), h.passAtK(), h.consAtK(), h.verdicts(), h.tokens(), h.latencyMs(),
                    rows.getOrDefault(r.key(), List.of()), h.definitions());
            return new Leaderboard.Entry(r.dir(), parse(r.manifest(), RunManifest.class), s, r.samples(), r.promptTokens(), r.completionTokens());
        }).toList();
    }

    /** Runs matching the filter, newest first. */
    public List<StoredRun> runs(RunFilter f) throws UsageException {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (f.suite() != null) { where.add("suite = ?"); args.add(f.suite()); }
        if (f.model() != null) { where.add("model = ?"); args.add(f.model()); }
        if (f.engine() != null) { where.add("engine = ?"); args.add(f.engine()); }
        if (f.commit() != null) { where.add("git_commit LIKE ?"); args.add(f.commit() + "%"); }
        if (f.since() != null) { where.add("started_at >= ?"); args.add(f.since()); }
        if (f.complete() != null) { where.add("complete = ?"); args.add(f.complete()); }
        String sql = "SELECT " + StoredRun.COLUMNS + " FROM runs" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY started_at DESC, dir" + (f.limit() < Integer.MAX_VALUE ? " LIMIT " + f.limit() : "");
        return query(sql, st -> bind(st, args), StoredRun::read);
    }

    /** A model's runs of a suite, oldest first: its score over time and commits. */
    public List<StoredRun> history(String model, String suite) throws UsageException {
        return query("SELECT " + StoredRun.COLUMNS + " FROM runs WHERE model = ? AND suite = ? ORDER BY started_at, dir",
                st -> bind(st, List.of(model, suite)), StoredRun::read);
    }

    /** The suites with runs, and how many each. */
    public Map<String, Integer> suites() throws UsageException {
        Map<String, Integer> out = new TreeMap<>();
        for (var e : query("SELECT suite, COUNT(*) AS n FROM runs GROUP BY suite", st -> {}, rs -> Map.entry(rs.getString("suite"), rs.getInt("n")))) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The models with runs of a suite. */
    public List<String> models(String suite) throws UsageException {
        return query("SELECT DISTINCT model FROM runs WHERE suite = ? ORDER BY model", st -> st.setString(1, suite), rs -> rs.getString(1));
    }

    /**
     * Each problem of a suite across models, hardest (lowest solve rate) first. Only complete runs count
     * unless {@code includeIncomplete}: a run stopped early scored its problems on fewer samples.
     */
    public List<ProblemStat> problems(String suite, boolean includeIncomplete) throws UsageException {
        record Cell(String problem, String model, int runs, long samples, long correct, double rate) {}
        String sql = "SELECT p.problem_id, r.model, COUNT(*) AS runs, SUM(p.samples) AS samples, SUM(p.correct) AS correct, "
                + "AVG(p.pass_at_1) AS rate FROM run_problems p JOIN runs r ON r.run_key = p.run_key WHERE r.suite = ?"
                + (includeIncomplete ? "" : " AND r.complete = ?") + " GROUP BY p.problem_id, r.model";
        List<Cell> cells = query(sql, st -> {
            st.setString(1, suite);
            if (!includeIncomplete) st.setBoolean(2, true);
        }, rs -> new Cell(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5), rs.getDouble(6)));
        Map<String, List<Cell>> byProblem = new HashMap<>();
        for (Cell c : cells) byProblem.computeIfAbsent(c.problem(), k -> new ArrayList<>()).add(c);
        List<ProblemStat> out = new ArrayList<>();
        for (var e : byProblem.entrySet()) {
            List<Cell> cs = e.getValue();
            double best = cs.stream().mapToDouble(Cell::rate).max().orElse(0);
            out.add(new ProblemStat(e.getKey(), cs.stream().mapToInt(Cell::runs).sum(), cs.size(), cs.stream().mapToLong(Cell::samples).sum(),
                    cs.stream().mapToLong(Cell::correct).sum(), cs.stream().mapToDouble(Cell::rate).average().orElse(0),
                    (int) cs.stream().filter(c -> c.correct() > 0).count(), (int) cs.stream().filter(c -> c.correct() == c.samples()).count(),
                    best > 0 ? List.copyOf(new TreeSet<>(cs.stream().filter(c -> c.rate() == best).map(Cell::model).toList())) : List.of()));
        }
        out.sort(Comparator.comparingDouble(ProblemStat::solveRate).thenComparing(ProblemStat::problemId, sputnik.reports.format.NaturalOrder.LABELS));
        return out;
    }

    /** A run's record as stored: where it is, how it was run, and its scores. */
    public record RunDetail(StoredRun run, RunManifest manifest, Summary summary, boolean withText, String indexedAt) {}

    public Optional<RunDetail> run(String key) throws UsageException {
        List<RunDetail> found = query("SELECT " + StoredRun.COLUMNS + ", manifest_json, summary_json, with_text, indexed_at FROM runs WHERE run_key = ?",
                st -> st.setString(1, key), rs -> new RunDetail(StoredRun.read(rs), parse(rs.getString("manifest_json"), RunManifest.class),
                        parse(rs.getString("summary_json"), Summary.class), rs.getBoolean("with_text"), rs.getString("indexed_at")));
        return found.stream().findFirst();
    }

    /** The run's samples in scope order (problem, then sample index); responses only if indexed with text. */
    public List<SampleRecord> samples(String key) throws UsageException {
        return query("SELECT s.*, r.suite FROM samples s JOIN runs r ON r.run_key = s.run_key LEFT JOIN run_problems p "
                + "ON p.run_key = s.run_key AND p.problem_id = s.problem_id WHERE s.run_key = ? "
                + "ORDER BY COALESCE(p.position, 2147483647), s.problem_id, s.sample_index", st -> st.setString(1, key), ResultsQueries::sample);
    }

    public Optional<SampleRecord> sample(String key, String sampleId) throws UsageException {
        return query("SELECT s.*, r.suite FROM samples s JOIN runs r ON r.run_key = s.run_key WHERE s.run_key = ? AND s.sample_id = ?",
                st -> bind(st, List.of(key, sampleId)), ResultsQueries::sample).stream().findFirst();
    }

    /** A stored run as report writers and the comparer take it (responses as stored: empty unless indexed with text). */
    public Optional<RunReport> report(String key) throws UsageException {
        Optional<RunDetail> d = run(key);
        if (d.isEmpty()) return Optional.empty();
        return Optional.of(new RunReport(Path.of(d.get().run().dir()), d.get().manifest(), d.get().summary(), samples(key), List.of()));
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private static SampleRecord sample(ResultSet rs) throws SQLException {
        String detail = rs.getString("detail_json");
        String timings = rs.getString("timings_json");
        String finish = rs.getString("finish_reason");
        return new SampleRecord(rs.getString("sample_id"), rs.getString("suite"), rs.getString("problem_id"), rs.getInt("sample_index"),
                rs.getLong("seed"), rs.getString("prompt_sha256"), rs.getString("response"), rs.getString("reasoning"),
                finish == null ? null : FinishReason.parse(finish), rs.getInt("prompt_tokens"), rs.getInt("completion_tokens"),
                rs.getBoolean("tokens_estimated") ? Boolean.TRUE : null, timings == null ? null : parse(timings, Timings.class),
                Verdict.parse(rs.getString("verdict")), rs.getString("extracted"), rs.getString("vote_key"),
                detail == null ? Map.of() : parse(detail, MAP), rs.getString("finished_at"));
    }

    static <T> T parse(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results database holds unreadable JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results database holds unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }

    interface Binder {
        void bind(PreparedStatement st) throws SQLException;
    }

    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static void bind(PreparedStatement st, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof Boolean b) st.setBoolean(i + 1, b);
            else st.setString(i + 1, String.valueOf(args.get(i)));
        }
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) throws UsageException {
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(sql)) {
            binder.bind(st);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.add(reader.read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new UsageException("results database " + db.location().display() + ": " + ResultsDb.oneLine(e.getMessage()));
        }
    }
}
