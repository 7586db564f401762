package sputnik.datasets.code;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import sputnik.datasets.sandbox.Judgement;
import sputnik.harness.api.Verdict;

/**
 * Time limits that do not depend on this machine's speed by accident: limit = max(floor, factor x
 * the reference solution's time on this machine), where the dataset has a reference. The reference is
 * timed only when it matters, when a candidate runs past the floor: then it is run once (per problem,
 * per process) and, if that makes the limit longer, the candidate runs again under the longer limit.
 * A fast candidate never pays for timing the reference. Without a reference the floor is the limit.
 */
public final class TimeLimits {
    /** How long a reference solution may take while it is being timed. */
    static final long REFERENCE_LIMIT_MILLIS = 60_000;

    private final long floorMillis;
    private final double factor;
    private final String scope;
    private final Map<String, Double> referenceSeconds = new ConcurrentHashMap<>();

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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time_limit", factor > 0
                ? "max(" + floorMillis / 1000.0 + " s, " + factor + " x the reference solution's time), " + scope
                : floorMillis / 1000.0 + " s, " + scope);
        return m;
    }

    /**
     * Runs the candidate ({@code run} takes a limit in ms) under the floor, and again under the
     * reference-based limit if it timed out and that limit is longer. {@code reference} runs the
     * reference solution under a limit and returns its judgement with the seconds it took, or null
     * when the problem has none.
     */
    Judgement judge(String problemId, LongFunction<Judgement> run, LongFunction<Timed> reference) {
        Judgement first = run.apply(floorMillis);
        if (first.verdict() != Verdict.TIMEOUT || factor <= 0 || reference == null) return first;
        Double ref = referenceSeconds.computeIfAbsent(problemId, id -> {
            Timed t = reference.apply(REFERENCE_LIMIT_MILLIS);
            return t == null || t.judgement().verdict() != Verdict.CORRECT ? Double.NaN : t.seconds();
        });
        if (ref.isNaN()) return first;
        long extended = (long) Math.ceil(factor * ref * 1000);
        if (extended <= floorMillis) return first;
        return run.apply(extended).with(Map.of("reference_seconds", ref));
    }

    /** A judgement and how long the run took. */
    record Timed(Judgement judgement, double seconds) {}
}
