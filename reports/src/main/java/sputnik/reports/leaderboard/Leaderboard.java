package sputnik.reports.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReport;
import sputnik.reports.cost.CostModel;
import sputnik.reports.cost.PriceBook;
import sputnik.reports.coverage.Coverage;

/**
 * Builds the leaderboard: one table per suite and problem set, complete runs ranked by pass@1
 * (highest first); neighbours whose 95% intervals overlap are marked as ties; runs that no other run
 * of the table beats on both accuracy and cost per solved problem are marked Pareto-optimal.
 *
 * <p>Why a table per problem set rather than one per suite, ranked on the problems all runs share:
 * pass@1 is a mean over problems, so a 50-problem run and a 200-problem run measure different things
 * (the first 50 arith problems may be easier than the rest). Re-scoring every run on the common
 * problems would silently drop most of the larger run, and its tokens, latency and cost would still
 * be measured over all of it. Separate tables keep every number what its run measured; the title names
 * the set, and a note says when a suite's runs fall into several sets.
 *
 * <p>An incomplete run (fewer samples graded than its run.json planned) averages over whatever was
 * finished, which can be one lucky sample per problem: it is never ranked. It is left out, and named,
 * unless {@code includeIncomplete}, which lists it after the ranked runs of its planned set, unranked.
 */
public final class Leaderboard {
    private Leaderboard() {}

    /** How to price runs that no API entry matches: a hardware entry and a device count, or nothing. */
    public record Pricing(PriceBook book, String hardware, int devices) {}

    /** A run not on the board, and why: {@link #INCOMPLETE} or {@link #NO_SAMPLES}. */
    public record LeftOut(String run, String coverage, String reason) {
        public boolean incomplete() {
            return reason.equals(INCOMPLETE);
        }
    }

    public static final String INCOMPLETE = "incomplete";
    public static final String NO_SAMPLES = "no finished samples";

    /** The tables, ordered by suite then by set size (largest first), and the runs left out. */
    public record Board(List<ProblemSetTable> tables, List<LeftOut> leftOut) {
        public List<LeaderboardRow> rows() {
            return tables.stream().flatMap(t -> t.rows().stream()).toList();
        }
    }

    /**
     * What ranking needs of a run, whether read from its directory or from the results database (which
     * stores these same values), so that both give the same board.
     *
     * @param run              the run's name on the board (its directory)
     * @param samples          every sample the run generated, also those outside its scope
     * @param promptTokens     prompt tokens over those samples
     * @param completionTokens completion tokens over those samples
     */
    public record Entry(String run, RunManifest manifest, Summary summary, int samples, long promptTokens, long completionTokens) {
        public static Entry of(RunReport r) {
            long in = 0, out = 0;
            for (SampleRecord x : r.samples()) {
                in += x.promptTokens();
                out += x.completionTokens();
            }
            return new Entry(r.dir().toString(), r.manifest(), r.summary(), r.samples().size(), in, out);
        }
    }

    public static Board build(List<RunReport> runs, Pricing pricing, boolean includeIncomplete) throws UsageException {
        return of(runs.stream().map(Entry::of).toList(), pricing, includeIncomplete);
    }

    public static Board of(List<Entry> runs, Pricing pricing, boolean includeIncomplete) throws UsageException {
        List<LeftOut> leftOut = new ArrayList<>();
        Map<String, List<LeaderboardRow>> bySet = new LinkedHashMap<>();
        for (Entry r : runs) {
            Coverage cov = Coverage.of(r.manifest(), r.summary());
            if (r.summary().passAt1() == null) {
                leftOut.add(new LeftOut(r.run(), cov.label(), NO_SAMPLES));
            } else if (!cov.complete() && !includeIncomplete) {
                leftOut.add(new LeftOut(r.run(), cov.label(), INCOMPLETE));
            } else {
                LeaderboardRow row = row(r, cov, pricing);
                bySet.computeIfAbsent(row.suite() + "\n" + row.problemSet(), k -> new ArrayList<>()).add(row);
            }
        }
        if (bySet.isEmpty()) {
            String runsLeft = String.join(", ", leftOut.stream().map(l -> l.run() + " (" + l.reason() + ": " + l.coverage() + ")").toList());
            throw new UsageException("nothing to rank: " + runsLeft + "; finish the runs (run their commands again)"
                    + (includeIncomplete ? "" : " or pass --include-incomplete to list them unranked"));
        }
        Map<String, Integer> setsPerSuite = new TreeMap<>();
        for (List<LeaderboardRow> rows : bySet.values()) setsPerSuite.merge(rows.getFirst().suite(), 1, Integer::sum);
        List<ProblemSetTable> tables = new ArrayList<>();
        for (List<LeaderboardRow> rows : bySet.values()) {
            LeaderboardRow first = rows.getFirst();
            tables.add(new ProblemSetTable(first.suite(), first.problemSet(), first.coverage().problemsPlanned(),
                    setsPerSuite.get(first.suite()), rank(rows)));
        }
        tables.sort(Comparator.comparing(ProblemSetTable::suite).thenComparing(Comparator.comparingInt(ProblemSetTable::problems).reversed())
                .thenComparing(ProblemSetTable::problemSet));
        return new Board(tables, leftOut);
    }

    /** Complete runs ranked by pass@1 with ties and the Pareto frontier marked, then incomplete runs unranked. */
    private static List<LeaderboardRow> rank(List<LeaderboardRow> rows) {
        Comparator<LeaderboardRow> byScore = Comparator.comparingDouble(LeaderboardRow::passAt1).reversed().thenComparing(LeaderboardRow::run);
        List<LeaderboardRow> complete = rows.stream().filter(LeaderboardRow::complete).sorted(byScore).toList();
        List<LeaderboardRow> out = new ArrayList<>();
        for (int i = 0; i < complete.size(); i++) {
            LeaderboardRow r = complete.get(i);
            LeaderboardRow above = i > 0 ? complete.get(i - 1) : null;
            boolean tie = above != null && above.ciLow() <= r.ciHigh() && r.ciLow() <= above.ciHigh();
            out.add(r.ranked(i + 1, tie, pareto(r, complete)));
        }
        rows.stream().filter(r -> !r.complete()).sorted(byScore).forEach(r -> out.add(r.ranked(null, false, false)));
        return out;
    }

    private static LeaderboardRow row(Entry r, Coverage cov, Pricing pricing) throws UsageException {
        Summary s = r.summary();
        var c = r.manifest().config();
        double wall = r.manifest().sessions().stream().mapToDouble(RunManifest.Session::wallSeconds).sum();
        // Tokens and wall time cover every sample the run generated, also those outside a scope narrowed
        // later with --limit: the cost of one sample divides by all of them, not by the samples in scope.
        CostModel.Usage usage = new CostModel.Usage(r.samples(), s.counts().problemsScored(), s.passAt1().value(), r.promptTokens(), r.completionTokens(), wall);
        String model = String.valueOf(c.get("model"));
        CostModel.Cost cost = null;
        Optional<java.util.Map.Entry<String, PriceBook.Api>> api = pricing.book().apiFor(model);
        if (api.isPresent()) cost = CostModel.api(api.get().getKey(), api.get().getValue(), usage);
        else if (pricing.hardware() != null) cost = CostModel.hardware(pricing.hardware(), pricing.book().hardware(pricing.hardware()), pricing.devices(), usage);
        Summary.AtK cons = s.consAtK().isEmpty() ? null : s.consAtK().getLast();
        Double ttft = s.latencyMs().containsKey("ttft") ? s.latencyMs().get("ttft").mean() : null;
        Double tpot = s.latencyMs().containsKey("tpot") ? s.latencyMs().get("tpot").mean() : null;
        var coverage = new LeaderboardRow.RunCoverage(cov.label(), cov.complete(), cov.problemsPlanned(), cov.samplesPerProblem(),
                cov.problemsComplete(), cov.problemsStarted(), cov.samplesDone(), cov.samplesPlanned());
        return new LeaderboardRow(r.run(), String.valueOf(c.get("suite")), cov.problemSet(), model, String.valueOf(c.get("engine")), null,
                coverage, s.passAt1().value(), s.passAt1().ciLow(), s.passAt1().ciHigh(), cons == null ? null : cons.k(),
                cons == null ? null : cons.value(), s.tokens().get("completion").mean(), ttft, tpot, usage.outputTokensPerSecond(), cost, false, false);
    }

    /** No other run of the table is at least as accurate and at most as costly per solved problem, and strictly better in one. */
    private static boolean pareto(LeaderboardRow r, List<LeaderboardRow> table) {
        double cost = costPerSolved(r);
        if (Double.isNaN(cost)) return false;
        for (LeaderboardRow o : table) {
            if (o == r) continue;
            double oc = costPerSolved(o);
            if (Double.isNaN(oc)) continue;
            if (o.passAt1() >= r.passAt1() && oc <= cost && (o.passAt1() > r.passAt1() || oc < cost)) return false;
        }
        return true;
    }

    static double costPerSolved(LeaderboardRow r) {
        return r.cost() == null ? Double.NaN : r.cost().usdPerSolved();
    }
}
