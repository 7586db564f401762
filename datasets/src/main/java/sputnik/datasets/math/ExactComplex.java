package sputnik.datasets.math;

/**
 * An exact Gaussian rational re + im·i. MATH answers include complex numbers ("6 - 5i"); keeping them
 * exact means "6-5i" vs "6-5.0000000001i" is decided exactly, just as for real numbers.
 */
record ExactComplex(Rational re, Rational im) {

    static final ExactComplex ZERO = new ExactComplex(Rational.ZERO, Rational.ZERO);
    static final ExactComplex ONE = new ExactComplex(Rational.ONE, Rational.ZERO);
    static final ExactComplex I = new ExactComplex(Rational.ZERO, Rational.ONE);

    static ExactComplex real(Rational r) {
        return new ExactComplex(r, Rational.ZERO);
    }

    boolean isReal() {
        return im.isZero();
    }

    boolean isZero() {
        return re.isZero() && im.isZero();
    }

    ExactComplex add(ExactComplex o) {
        return new ExactComplex(re.add(o.re), im.add(o.im));
    }

    ExactComplex subtract(ExactComplex o) {
        return new ExactComplex(re.subtract(o.re), im.subtract(o.im));
    }

    ExactComplex negate() {
        return new ExactComplex(re.negate(), im.negate());
    }

    ExactComplex multiply(ExactComplex o) {
        if (isReal() && o.isReal()) return real(re.multiply(o.re));
        return new ExactComplex(
                re.multiply(o.re).subtract(im.multiply(o.im)), re.multiply(o.im).add(im.multiply(o.re)));
    }

    ExactComplex divide(ExactComplex o) {
        if (o.isZero()) throw new ArithmeticException("division by zero");
        if (o.isReal()) return new ExactComplex(re.divide(o.re), im.divide(o.re));
        Rational norm = o.re.multiply(o.re).add(o.im.multiply(o.im));
        ExactComplex conj = new ExactComplex(o.re, o.im.negate());
        ExactComplex top = multiply(conj);
        return new ExactComplex(top.re.divide(norm), top.im.divide(norm));
    }

    /** Size in bits of the larger part (one more for a non-real number, whose powers mix both parts). */
    long bits() {
        return isReal() ? re.bits() : Math.max(re.bits(), im.bits()) + 1;
    }

    /** Integer power by repeated squaring; the caller bounds the result size beforehand. */
    ExactComplex pow(int exponent) {
        if (isReal()) return real(re.pow(exponent));
        if (exponent < 0) return ONE.divide(pow(-exponent));
        ExactComplex result = ONE;
        ExactComplex base = this;
        for (int e = exponent; e > 0; e >>= 1) {
            if ((e & 1) == 1) result = result.multiply(base);
            if (e > 1) base = base.multiply(base);
        }
        return result;
    }

    Complex toComplex() {
        return new Complex(re.toDouble(), im.toDouble());
    }

    @Override
    public String toString() {
        if (isReal()) return re.toString();
        String imPart = im.equals(Rational.ONE) ? "i" : im.equals(Rational.ONE.negate()) ? "-i" : im + "i";
        if (re.isZero()) return imPart;
        return re + (im.signum() > 0 ? "+" : "") + imPart;
    }
}
