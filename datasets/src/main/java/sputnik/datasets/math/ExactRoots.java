package sputnik.datasets.math;

import java.math.BigInteger;

/**
 * Exact n-th roots of rationals when they exist, so that "\sqrt{4}", "8^{1/3}" and "\sqrt{\frac{9}{16}}"
 * stay exact (2, 2, 3/4) instead of becoming doubles that only approximately equal the other side.
 */
final class ExactRoots {

    private ExactRoots() {}

    /** The non-negative rational r with r^n = x, or null when x is negative or not a perfect n-th power. */
    static Rational root(Rational x, int n) {
        if (x.signum() < 0) return null;
        BigInteger num = intRoot(x.num(), n);
        BigInteger den = intRoot(x.den(), n);
        return num == null || den == null ? null : new Rational(num, den);
    }

    /** Exact integer n-th root of a non-negative integer, or null. */
    static BigInteger intRoot(BigInteger x, int n) {
        if (x.signum() == 0 || x.equals(BigInteger.ONE)) return x;
        if (n == 2) {
            BigInteger r = x.sqrt();
            return r.multiply(r).equals(x) ? r : null;
        }
        // Binary search between 1 and 2^(bits/n + 1).
        BigInteger lo = BigInteger.ONE;
        BigInteger hi = BigInteger.ONE.shiftLeft(x.bitLength() / n + 1);
        while (lo.compareTo(hi) <= 0) {
            BigInteger mid = lo.add(hi).shiftRight(1);
            int c = mid.pow(n).compareTo(x);
            if (c == 0) return mid;
            if (c < 0) lo = mid.add(BigInteger.ONE);
            else hi = mid.subtract(BigInteger.ONE);
        }
        return null;
    }
}
