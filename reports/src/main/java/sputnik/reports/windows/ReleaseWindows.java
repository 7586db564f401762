package sputnik.reports.windows;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import sputnik.harness.metrics.Bootstrap;
import sputnik.harness.metrics.Summary;

/**
 * A run's pass@1 over windows of problem release dates, and before versus after a cutoff: the
 * contamination check LiveCodeBench is built for. A model that saw problems in training scores higher on
 * those released before its cutoff than on later ones of the same kind; a score that holds after the
 * cutoff is the honest one. Problems are the unit: each window's pass@1 is the mean of its problems'
 * pass@1, with a bootstrap interval over them.
 */
public final class ReleaseWindows {
    /** Resamples and permutations for the intervals and the test: fixed, so the same run gives the same numbers. */
    static final int RESAMPLES = 10_000;
    static final long SEED = Bootstrap.DEFAULT_SEED;

    public record Window(String label, String from, String until, int problems, @JsonProperty("pass_at_1") Double passAt1,
            @JsonProperty("pass_at_1_ci_low") Double ciLow, @JsonProperty("pass_at_1_ci_high") Double ciHigh) {}

    /**
     * Problems released before {@code cutoff} against those on or after it: {@code difference} is after minus
     * before, in pass@1, with a bootstrap interval and a two-sided permutation p-value (null when a side is empty).
     */
    public record Split(String cutoff, Window before, Window after, Double difference, @JsonProperty("difference_ci_low") Double diffLow,
            @JsonProperty("difference_ci_high") Double diffHigh, @JsonProperty("p_value") Double pValue) {}

    public record Result(String field, int dated, int undated, String first, String last, List<Window> windows, List<Split> cutoffs) {}

    public enum Every { month, quarter, year }

    private ReleaseWindows() {}

    /** A value read as a date: "2023-08-21", "2023-08-21T00:00:00"; null when it is not one (report breakdowns group dates by month too). */
    public static LocalDate date(Object v) {
        if (v == null) return null;
        String s = String.valueOf(v);
        if (s.length() < 10) return null;
        try {
            return LocalDate.parse(s.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static Result of(Summary s, Map<String, LocalDate> released, String field, Every every, List<LocalDate> cutoffs) {
        List<Dated> rows = new ArrayList<>();
        int undated = 0;
        for (Summary.ProblemRow r : s.perProblem()) {
            LocalDate d = released.get(r.problemId());
            if (d == null) undated++;
            else rows.add(new Dated(d, r.passAt1()));
        }
        TreeMap<LocalDate, List<Double>> byStart = new TreeMap<>();
        for (Dated d : rows) byStart.computeIfAbsent(start(d.date(), every), k -> new ArrayList<>()).add(d.passAt1());
        List<Window> windows = new ArrayList<>();
        for (var e : byStart.entrySet()) {
            LocalDate until = next(e.getKey(), every);
            windows.add(window(label(e.getKey(), every), e.getKey(), until, e.getValue()));
        }
        List<Split> splits = new ArrayList<>();
        for (LocalDate c : cutoffs) {
            List<Double> before = new ArrayList<>(), after = new ArrayList<>();
            for (Dated d : rows) (d.date().isBefore(c) ? before : after).add(d.passAt1());
            splits.add(split(c, before, after));
        }
        LocalDate first = rows.stream().map(Dated::date).min(LocalDate::compareTo).orElse(null);
        LocalDate last = rows.stream().map(Dated::date).max(LocalDate::compareTo).orElse(null);
        return new Result(field, rows.size(), undated, first == null ? null : first.toString(), last == null ? null : last.toString(), windows, splits);
    }

    private record Dated(LocalDate date, double passAt1) {}

    /** Dates are ISO text in the records, as JSON has them. */
    private static Window window(String label, LocalDate from, LocalDate until, List<Double> values) {
        String f = from == null ? null : from.toString(), u = until == null ? null : until.toString();
        if (values.isEmpty()) return new Window(label, f, u, 0, null, null, null);
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Bootstrap.Interval ci = Bootstrap.meanCi(v, Bootstrap.DEFAULT_LEVEL, RESAMPLES, SEED);
        return new Window(label, f, u, v.length, mean(v), ci.low(), ci.high());
    }

    private static Split split(LocalDate cutoff, List<Double> before, List<Double> after) {
        Window b = window("before " + cutoff, null, cutoff, before), a = window("on or after " + cutoff, cutoff, null, after);
        if (before.isEmpty() || after.isEmpty()) return new Split(cutoff.toString(), b, a, null, null, null, null);
        double[] x = before.stream().mapToDouble(Double::doubleValue).toArray(), y = after.stream().mapToDouble(Double::doubleValue).toArray();
        double diff = mean(y) - mean(x);
        SplittableRandom rnd = new SplittableRandom(SEED);
        double[] diffs = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) diffs[i] = resampledMean(y, rnd) - resampledMean(x, rnd);
        java.util.Arrays.sort(diffs);
        double alpha = (1 - Bootstrap.DEFAULT_LEVEL) / 2;
        double low = diffs[(int) Math.floor(alpha * (RESAMPLES - 1))], high = diffs[(int) Math.ceil((1 - alpha) * (RESAMPLES - 1))];
        return new Split(cutoff.toString(), b, a, diff, low, high, permutationP(x, y, diff, rnd));
    }

    /** Two-sided: how often a random relabelling of the problems into groups of these sizes differs at least as much. */
    private static double permutationP(double[] x, double[] y, double observed, SplittableRandom rnd) {
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        double total = 0;
        for (double v : all) total += v;
        int extreme = 0;
        for (int i = 0; i < RESAMPLES; i++) {
            // A partial Fisher-Yates shuffle draws the "after" group; the rest is "before".
            double sumAfter = 0;
            for (int j = 0; j < y.length; j++) {
                int k = j + rnd.nextInt(all.length - j);
                double t = all[j];
                all[j] = all[k];
                all[k] = t;
                sumAfter += all[j];
            }
            double d = sumAfter / y.length - (total - sumAfter) / x.length;
            if (Math.abs(d) >= Math.abs(observed) - 1e-12) extreme++;
        }
        return (extreme + 1.0) / (RESAMPLES + 1.0);
    }

    private static double resampledMean(double[] v, SplittableRandom rnd) {
        double sum = 0;
        for (int i = 0; i < v.length; i++) sum += v[rnd.nextInt(v.length)];
        return sum / v.length;
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) sum += x;
        return sum / v.length;
    }

    static LocalDate start(LocalDate d, Every every) {
        return switch (every) {
            case month -> d.withDayOfMonth(1);
            case quarter -> LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1);
            case year -> LocalDate.of(d.getYear(), 1, 1);
        };
    }

    private static LocalDate next(LocalDate start, Every every) {
        return switch (every) {
            case month -> start.plusMonths(1);
            case quarter -> start.plusMonths(3);
            case year -> start.plusYears(1);
        };
    }

    private static String label(LocalDate start, Every every) {
        return switch (every) {
            case month -> start.toString().substring(0, 7);
            case quarter -> start.getYear() + "-Q" + ((start.getMonthValue() - 1) / 3 + 1);
            case year -> String.valueOf(start.getYear());
        };
    }
}
