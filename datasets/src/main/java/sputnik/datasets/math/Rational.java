package sputnik.datasets.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An exact rational p/q in lowest terms with q > 0. Answers are compared exactly whenever both sides
 * are rational, so "0.5" equals "\frac{1}{2}" while "0.333" never equals "\frac13": floating point would
 * blur exactly the distinction a grader must keep.
 */
record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {

    static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    Rational {
        if (den.signum() == 0) throw new ArithmeticException("zero denominator");
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            num = num.divide(g);
            den = den.divide(g);
        }
        if (num.signum() == 0) den = BigInteger.ONE;
    }

    static Rational of(long n) {
        return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
    }

    static Rational of(BigInteger n) {
        return new Rational(n, BigInteger.ONE);
    }

    /** "12", "12.5", ".5", "5." as exact values: a decimal literal is the rational it spells, never a double. */
    static Rational parseDecimal(String literal) {
        String s = literal.endsWith(".") ? literal.substring(0, literal.length() - 1) : literal;
        int dot = s.indexOf('.');
        if (dot < 0) return of(new BigInteger(s));
        String whole = s.substring(0, dot);
        String frac = s.substring(dot + 1);
        BigInteger num = new BigInteger((whole.isEmpty() ? "0" : whole) + frac);
        return new Rational(num, BigInteger.TEN.pow(frac.length()));
    }

    /**
     * A decimal with a repeating tail, {@code 0.1\overline{6}} = 1/6: the value is
     * (prefix+repeat − prefix) / (10^k·(10^r − 1)) in the usual way.
     */
    static Rational repeating(String literal, String repeat) {
        String s = literal.endsWith(".") ? literal : (literal.contains(".") ? literal : literal + ".");
        int dot = s.indexOf('.');
        String whole = s.substring(0, dot);
        String frac = s.substring(dot + 1);
        BigInteger all = new BigInteger((whole.isEmpty() ? "0" : whole) + frac + repeat);
        BigInteger head = new BigInteger((whole.isEmpty() ? "0" : whole) + frac);
        BigInteger den = BigInteger.TEN.pow(frac.length()).multiply(BigInteger.TEN.pow(repeat.length()).subtract(BigInteger.ONE));
        return new Rational(all.subtract(head), den);
    }

    Rational add(Rational o) {
        return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational subtract(Rational o) {
        return add(o.negate());
    }

    Rational multiply(Rational o) {
        return new Rational(num.multiply(o.num), den.multiply(o.den));
    }

    Rational divide(Rational o) {
        if (o.isZero()) throw new ArithmeticException("division by zero");
        return new Rational(num.multiply(o.den), den.multiply(o.num));
    }

    Rational negate() {
        return new Rational(num.negate(), den);
    }

    Rational abs() {
        return signum() < 0 ? negate() : this;
    }

    /** Integer power; the caller has already bounded the size of the result. */
    Rational pow(int exponent) {
        if (exponent >= 0) return new Rational(num.pow(exponent), den.pow(exponent));
        if (isZero()) throw new ArithmeticException("zero to a negative power");
        return new Rational(den.pow(-exponent), num.pow(-exponent));
    }

    boolean isZero() {
        return num.signum() == 0;
    }

    boolean isInteger() {
        return den.equals(BigInteger.ONE);
    }

    int signum() {
        return num.signum();
    }

    /** Bits of the larger of numerator and denominator: the size that exponent limits are checked against. */
    long bits() {
        return Math.max(num.bitLength(), den.bitLength());
    }

    double toDouble() {
        if (isInteger()) return num.doubleValue();
        return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue();
    }

    @Override
    public int compareTo(Rational o) {
        return num.multiply(o.den).compareTo(o.num.multiply(den));
    }

    @Override
    public String toString() {
        return isInteger() ? num.toString() : num + "/" + den;
    }
}
