package sputnik.datasets.code;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import sputnik.datasets.sandbox.Judgement;
import sputnik.datasets.sandbox.TimeLimit;
import sputnik.harness.api.Verdict;

/**
 * Time limits that neither this machine's speed nor its load decide by accident. A program is limited
 * by CPU time, with a wall-clock backstop ({@link TimeLimit}), so that what else runs on the machine
 * does not change its verdict. The limit is max(floor, factor x the reference solution's CPU time),
 * where the dataset has a reference; the reference is measured once per problem, in isolation, and
 * kept ({@link ReferenceTimes}). It is only needed when a candidate runs past the floor: then the
 * candidate runs again under the longer limit, if the reference makes it longer. So a fast candidate
 * never waits for a measurement, and its verdict is the same as under the full rule. Without a
 * reference the floor is the limit.
 *
 * <p>Every judgement says the limit it was judged under ({@code time_limit_ms}) and how it was set
 * ({@code time_limit}, with the reference's seconds where it was used).
 */
public final class TimeLimits {
    private final long floorMillis;
    private final double factor;
    private final String scope;

    /** {@code scope} says what the limit covers ("each test", "all tests of a problem"). */
    public TimeLimits(long floorMillis, double factor, String scope) {
        this.floorMillis = floorMillis;
        this.factor = factor;
        this.scope = scope;
    }

    public long floorMillis() {
        return floorMillis;
    }

    Map<String, Object> settings() {
        String clock = TimeLimit.cpuTimeAvailable() ? "CPU time" : "wall-clock time";
        String backstop = TimeLimit.cpuTimeAvailable() ? "; wall-clock backstop " + TimeLimit.WALL_FACTOR + " x the limit" : "";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time_limit", factor > 0
                ? "max(" + floorMillis / 1000.0 + " s, " + factor + " x the reference solution's " + clock + ") of " + clock + ", " + scope
                        + "; the reference measured once per problem, alone, best of " + ReferenceTimes.RUNS + backstop
                : floorMillis / 1000.0 + " s of " + clock + ", " + scope + backstop);
        return m;
    }

    /** What a judgement under the floor, with no reference involved, says about its limit. */
    Map<String, Object> floorDetail() {
        return limitDetail(floorMillis, "the floor");
    }

    /**
     * Runs the candidate ({@code run} takes a limit in ms) under the floor, and again under the
     * reference-based limit if it timed out and that limit is longer. {@code reference} is the
     * problem's reference solution, or null when it has none.
     */
    Judgement judge(LongFunction<Judgement> run, ReferenceTimes.Reference reference) {
        Judgement first = run.apply(floorMillis);
        if (first.verdict() != Verdict.TIMEOUT || factor <= 0 || reference == null) return first.with(floorDetail());
        ReferenceTime ref = reference.time();
        if (ref.sandboxFailed()) {
            // The grader failed, not the candidate: graded again on the next run.
            return Judgement.sandboxError("could not time the reference solution: " + ref.failure());
        }
        if (!ref.usable()) {
            return first.with(limitDetail(floorMillis, "the floor; the reference solution could not be timed (" + ref.failure() + ")"));
        }
        long extended = (long) Math.ceil(factor * ref.seconds() * 1000);
        String scaled = factor + " x the reference solution's " + seconds(ref.seconds()) + " of " + ref.clock();
        if (extended <= floorMillis) return first.with(withReference(limitDetail(floorMillis, "the floor; " + scaled + " is less"), ref));
        return run.apply(extended).with(withReference(limitDetail(extended, scaled), ref));
    }

    private static Map<String, Object> limitDetail(long millis, String how) {
        String clock = TimeLimit.cpuTimeAvailable() ? "CPU time" : "wall-clock time";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time_limit_ms", millis);
        m.put("time_limit", seconds(millis / 1000.0) + " of " + clock + ": " + how);
        return m;
    }

    private static Map<String, Object> withReference(Map<String, Object> detail, ReferenceTime ref) {
        detail.put(ref.cpu() ? "reference_cpu_seconds" : "reference_wall_seconds", ref.seconds());
        return detail;
    }

    private static String seconds(double s) {
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(Math.round(s * 1000) / 1000.0)) + " s";
    }
}
