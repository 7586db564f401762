package sputnik.reports.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sputnik.harness.metrics.Bootstrap;
import sputnik.harness.metrics.Summary;
import sputnik.harness.report.RunReport;
import sputnik.reports.coverage.Coverage;

/**
 * Compares two runs problem by problem, on the problems both completed (see {@link ComparedCoverage}).
 * The difference in pass@1 gets a paired bootstrap interval (problems resampled together, so problem
 * difficulty cancels out), and significance comes from an exact paired test. A regression is a drop
 * that is both significant (two-sided p below alpha) and at least minDelta: noise alone rarely trips
 * it, a real drop does. A partial comparison decides nothing unless allowPartial: the gate says
 * "incomplete" rather than "pass" about problems it never saw.
 */
public final class Comparer {
    private Comparer() {}

    public static Comparison compare(RunReport base, RunReport next, double alpha, double minDelta) {
        return compare(base, next, alpha, minDelta, false);
    }

    public static Comparison compare(RunReport base, RunReport next, double alpha, double minDelta, boolean allowPartial) {
        Coverage bc = Coverage.of(base), nc = Coverage.of(next);
        ComparedCoverage coverage = ComparedCoverage.of(bc, nc);
        Map<String, Summary.ProblemRow> b = byId(base.summary());
        Map<String, Summary.ProblemRow> n = byId(next.summary());
        List<Comparison.Row> rows = new ArrayList<>();
        boolean singleSample = true;
        for (String id : ComparedCoverage.compared(bc, nc)) {
            Summary.ProblemRow bb = b.get(id), nb = n.get(id);
            if (bb.samples() != 1 || nb.samples() != 1) singleSample = false;
            boolean baseSolved = 2 * bb.correct() >= bb.samples();
            boolean newSolved = 2 * nb.correct() >= nb.samples();
            rows.add(new Comparison.Row(id, bb.correct(), bb.samples(), nb.correct(), nb.samples(), nb.passAt1() - bb.passAt1(),
                    baseSolved && !newSolved, !baseSolved && newSolved));
        }
        boolean refuse = coverage.partial() && !allowPartial;
        if (rows.isEmpty()) {
            return new Comparison(base.dir().toString(), next.dir().toString(), 0, Double.NaN, Double.NaN, 0, 0, 0, "none", 0, 0, 1.0,
                    alpha, minDelta, false, allowPartial, refuse ? Comparison.INCOMPLETE : Comparison.PASS, coverage, rows);
        }
        double[] deltas = rows.stream().mapToDouble(Comparison.Row::delta).toArray();
        double baseMean = rows.stream().mapToDouble(r -> (double) r.baseCorrect() / r.baseSamples()).average().orElse(0);
        double newMean = rows.stream().mapToDouble(r -> (double) r.newCorrect() / r.newSamples()).average().orElse(0);
        double delta = newMean - baseMean;
        Bootstrap.Interval ci = Bootstrap.meanCi(deltas, Bootstrap.DEFAULT_LEVEL, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
        int worse = 0, better = 0;
        for (double d : deltas) {
            if (d < 0) worse++;
            else if (d > 0) better++;
        }
        // With one sample per problem a rate change is exactly a discordant pair: the sign test is McNemar's exact test.
        String test = singleSample ? "mcnemar-exact" : "sign-test";
        double p = PairedTests.twoSidedBinomial(worse, better);
        boolean regression = delta < 0 && p < alpha && -delta >= minDelta;
        // Coverage comes first: a partial comparison neither passes nor fails on what it did see, it refuses.
        String gate = refuse ? Comparison.INCOMPLETE : regression ? Comparison.REGRESSION : Comparison.PASS;
        return new Comparison(base.dir().toString(), next.dir().toString(), rows.size(), baseMean, newMean, delta, ci.low(), ci.high(), test,
                worse, better, p, alpha, minDelta, regression, allowPartial, gate, coverage, rows);
    }

    private static Map<String, Summary.ProblemRow> byId(Summary s) {
        Map<String, Summary.ProblemRow> m = new LinkedHashMap<>();
        for (Summary.ProblemRow r : s.perProblem()) m.put(r.problemId(), r);
        return m;
    }
}
