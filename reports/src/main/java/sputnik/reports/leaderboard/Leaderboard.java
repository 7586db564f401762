package sputnik.reports.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReport;
import sputnik.reports.cost.CostModel;
import sputnik.reports.cost.PriceBook;

/**
 * Builds leaderboard rows: sorted by suite, then pass@1 (highest first); neighbours whose 95%
 * intervals overlap are marked as ties; runs that no other run of the suite beats on both accuracy and
 * cost per solved problem are marked Pareto-optimal.
 */
public final class Leaderboard {
    private Leaderboard() {}

    /** How to price runs that no API entry matches: a hardware entry and a device count, or nothing. */
    public record Pricing(PriceBook book, String hardware, int devices) {}

    public static List<LeaderboardRow> build(List<RunReport> runs, Pricing pricing) throws UsageException {
        List<LeaderboardRow> rows = new ArrayList<>();
        for (RunReport r : runs) rows.add(row(r, pricing));
        rows.sort(Comparator.comparing(LeaderboardRow::suite).thenComparing(Comparator.comparingDouble(LeaderboardRow::passAt1).reversed())
                .thenComparing(LeaderboardRow::run));
        List<LeaderboardRow> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LeaderboardRow r = rows.get(i);
            LeaderboardRow above = i > 0 && rows.get(i - 1).suite().equals(r.suite()) ? rows.get(i - 1) : null;
            boolean tie = above != null && above.ciLow() <= r.ciHigh() && r.ciLow() <= above.ciHigh();
            out.add(with(r, tie, pareto(r, rows)));
        }
        return out;
    }

    private static LeaderboardRow row(RunReport r, Pricing pricing) throws UsageException {
        Summary s = r.summary();
        if (s.passAt1() == null) throw new UsageException(r.dir() + " has no finished samples: nothing to rank");
        var c = r.manifest().config();
        long in = 0, out = 0;
        for (SampleRecord x : r.samples()) {
            in += x.promptTokens();
            out += x.completionTokens();
        }
        double wall = r.manifest().sessions().stream().mapToDouble(RunManifest.Session::wallSeconds).sum();
        CostModel.Usage usage = new CostModel.Usage(s.counts().samplesDone(), s.counts().problemsScored(), s.passAt1().value(), in, out, wall);
        String model = String.valueOf(c.get("model"));
        CostModel.Cost cost = null;
        Optional<java.util.Map.Entry<String, PriceBook.Api>> api = pricing.book().apiFor(model);
        if (api.isPresent()) cost = CostModel.api(api.get().getKey(), api.get().getValue(), usage);
        else if (pricing.hardware() != null) cost = CostModel.hardware(pricing.hardware(), pricing.book().hardware(pricing.hardware()), pricing.devices(), usage);
        Summary.AtK cons = s.consAtK().isEmpty() ? null : s.consAtK().getLast();
        Double ttft = s.latencyMs().containsKey("ttft") ? s.latencyMs().get("ttft").mean() : null;
        Double tpot = s.latencyMs().containsKey("tpot") ? s.latencyMs().get("tpot").mean() : null;
        return new LeaderboardRow(r.dir().toString(), String.valueOf(c.get("suite")), model, String.valueOf(c.get("engine")),
                s.counts().problemsScored(), s.counts().samplesPerProblem(), s.passAt1().value(), s.passAt1().ciLow(), s.passAt1().ciHigh(),
                cons == null ? null : cons.k(), cons == null ? null : cons.value(), s.tokens().get("completion").mean(), ttft, tpot,
                usage.outputTokensPerSecond(), cost, false, false);
    }

    /** No run of the same suite is at least as accurate and at most as costly per solved problem, and strictly better in one. */
    private static boolean pareto(LeaderboardRow r, List<LeaderboardRow> all) {
        double cost = costPerSolved(r);
        if (Double.isNaN(cost)) return false;
        for (LeaderboardRow o : all) {
            if (o == r || !o.suite().equals(r.suite())) continue;
            double oc = costPerSolved(o);
            if (Double.isNaN(oc)) continue;
            if (o.passAt1() >= r.passAt1() && oc <= cost && (o.passAt1() > r.passAt1() || oc < cost)) return false;
        }
        return true;
    }

    static double costPerSolved(LeaderboardRow r) {
        return r.cost() == null ? Double.NaN : r.cost().usdPerSolved();
    }

    private static LeaderboardRow with(LeaderboardRow r, boolean tie, boolean pareto) {
        return new LeaderboardRow(r.run(), r.suite(), r.model(), r.engine(), r.problems(), r.samplesPerProblem(), r.passAt1(), r.ciLow(), r.ciHigh(),
                r.consK(), r.consAtK(), r.meanOutputTokens(), r.ttftMs(), r.tpotMs(), r.outputTokensPerSecond(), r.cost(), tie, pareto);
    }
}
