package sputnik.datasets.math;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Decides whether two scalar expressions are equal.
 *
 * <ul>
 *   <li>Without variables: both are evaluated; two exact values are compared exactly, otherwise the
 *       double values must agree to a relative tolerance of 1e-9, or an absolute 1e-13 near zero, where
 *       rounding leaves sin π ≈ 1.2e-16 (so an inexact value below 1e-13 cannot be told from 0; exact
 *       values such as 10^{-20} are compared exactly, and an underflow to 0 is no value at all). 1e-9 is far tighter than any rounding a person would write
 *       ("0.333" is not 1/3) and far looser than double-precision error in a short expression, so
 *       "2\sqrt{2}" equals "\sqrt{8}" while "2" does not equal "2.0000000001" (those are both exact and
 *       compared exactly anyway). A false "correct" is worse than a false "incorrect".
 *   <li>With variables: both sides must have the same variables; they are then evaluated at seeded
 *       random points (rationals of both signs, so polynomial identities are checked exactly) and must
 *       agree at every point where both are defined. This is symbolic equality by sampling: two
 *       different polynomials of low degree agree at eight random rationals with negligible probability.
 * </ul>
 */
final class ExpressionComparator {

    static final double RELATIVE_TOLERANCE = 1e-9;
    static final double ABSOLUTE_TOLERANCE = 1e-13;
    private static final int SAMPLES = 8;
    private static final int MAX_TRIES = 40;
    private static final int MIN_AGREEING = 4;
    private static final long SEED = 0x5EED_1234_ABCDL;

    private ExpressionComparator() {}

    static Equivalence compare(Node predicted, Node reference, Budget budget) {
        Set<String> pv = Variables.of(predicted);
        Set<String> rv = Variables.of(reference);
        if (!pv.equals(rv)) return Equivalence.no("different variables: " + pv + " vs " + rv);
        if (pv.isEmpty()) return constants(predicted, reference, budget);
        return sampled(predicted, reference, new ArrayList<>(pv), budget);
    }

    private static Equivalence constants(Node predicted, Node reference, Budget budget) {
        Evaluator evaluator = new Evaluator(Map.of(), budget);
        Value p;
        Value r;
        try {
            p = evaluator.eval(predicted);
        } catch (Undefined e) {
            return Equivalence.no("predicted has no value: " + e.getMessage());
        } catch (ArithmeticException e) {
            return Equivalence.no("predicted has no value: " + e.getMessage());
        }
        try {
            r = evaluator.eval(reference);
        } catch (Undefined | ArithmeticException e) {
            return Equivalence.no("reference has no value: " + e.getMessage());
        }
        return values(p, r);
    }

    /** Two values: exactly when both are exact, else within the tolerance. */
    static Equivalence values(Value p, Value r) {
        if (p.isExact() && r.isExact()) {
            return p.exact().equals(r.exact())
                    ? Equivalence.yes("equal exactly: " + p)
                    : Equivalence.no("differ: " + p + " vs " + r);
        }
        Complex a = p.approx();
        Complex b = r.approx();
        if (!a.isFinite() || !b.isFinite()) return Equivalence.no("not a finite number: " + show(a) + " vs " + show(b));
        double diff = a.subtract(b).abs();
        double scale = Math.max(a.abs(), b.abs());
        if (diff <= RELATIVE_TOLERANCE * scale || diff <= ABSOLUTE_TOLERANCE) {
            return Equivalence.yes("equal numerically (relative tolerance 1e-9): " + show(a));
        }
        return Equivalence.no("differ numerically: " + show(a) + " vs " + show(b));
    }

    private static Equivalence sampled(Node predicted, Node reference, List<String> vars, Budget budget) {
        SplittableRandom random = new SplittableRandom(SEED);
        int agreeing = 0;
        String lastProblem = "undefined at every sample point";
        for (int attempt = 0; attempt < MAX_TRIES && agreeing < SAMPLES; attempt++) {
            budget.check();
            Map<String, Value> env = new HashMap<>();
            StringBuilder point = new StringBuilder();
            for (String v : vars) {
                Rational x = randomRational(random);
                env.put(v, Value.of(x));
                if (!point.isEmpty()) point.append(", ");
                point.append(v).append('=').append(x);
            }
            Evaluator evaluator = new Evaluator(env, budget);
            Value p;
            Value r;
            try {
                p = evaluator.eval(predicted);
                r = evaluator.eval(reference);
            } catch (Undefined | ArithmeticException e) {
                lastProblem = e.getMessage();
                continue; // a pole or a domain edge at this point: try another point
            }
            if (!p.approx().isFinite() || !r.approx().isFinite()) continue;
            Equivalence same = values(p, r);
            if (!same.equivalent()) return Equivalence.no("differ at " + point + ": " + same.reason());
            agreeing++;
        }
        if (agreeing < MIN_AGREEING) return Equivalence.no("could not evaluate at enough points (" + lastProblem + ")");
        return Equivalence.yes("agree at " + agreeing + " random points in " + vars);
    }

    /** ±(1..60)/(1..12): small enough to keep exact arithmetic cheap, varied enough to separate polynomials. */
    private static Rational randomRational(SplittableRandom random) {
        long num = random.nextLong(1, 61);
        if (random.nextBoolean()) num = -num;
        long den = random.nextLong(1, 13);
        return Rational.of(num).divide(Rational.of(den));
    }

    /** A double in 10 significant digits, the precision the tolerance can tell apart. */
    static String show(Complex c) {
        if (!c.isFinite()) return c.toString();
        String re = tenDigits(c.re());
        if (c.im() == 0) return re;
        return re + (c.im() >= 0 ? "+" : "") + tenDigits(c.im()) + "i";
    }

    private static String tenDigits(double d) {
        if (d == 0) return "0";
        return new BigDecimal(d).round(new MathContext(10)).stripTrailingZeros().toString();
    }
}
