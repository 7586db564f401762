package sputnik.datasets.math;

/**
 * A number as the evaluator carries it: exact when every step so far was exact (rational arithmetic,
 * integer powers, perfect roots), otherwise an approximation. Two exact values are compared exactly;
 * as soon as either is approximate the comparison falls back to a tolerance.
 *
 * @param exact  the exact value, or null when it is not known exactly
 * @param approx the double-precision value (always present; possibly not finite)
 */
record Value(ExactComplex exact, Complex approx) {

    static Value of(ExactComplex exact) {
        return new Value(exact, exact.toComplex());
    }

    static Value of(Rational r) {
        return of(ExactComplex.real(r));
    }

    static Value approx(Complex c) {
        return new Value(null, c);
    }

    boolean isExact() {
        return exact != null;
    }

    /** The exact real rational this value is, or null. */
    Rational exactReal() {
        return exact != null && exact.isReal() ? exact.re() : null;
    }

    @Override
    public String toString() {
        return exact != null ? exact.toString() : approx.toString();
    }
}
