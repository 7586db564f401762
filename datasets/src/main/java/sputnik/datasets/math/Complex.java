package sputnik.datasets.math;

/**
 * A complex number in double precision: the fallback when a value is not exactly rational (√2, π,
 * sin 1). Complex rather than real so that principal branches (√−4 = 2i, ln(−1) = iπ) are applied the
 * same way to both answers instead of failing on one of them.
 */
record Complex(double re, double im) {

    static final Complex ZERO = new Complex(0, 0);
    static final Complex ONE = new Complex(1, 0);
    static final Complex I = new Complex(0, 1);

    static Complex real(double x) {
        return new Complex(x, 0);
    }

    boolean isFinite() {
        return Double.isFinite(re) && Double.isFinite(im);
    }

    boolean isReal() {
        return im == 0;
    }

    double abs() {
        return Math.hypot(re, im);
    }

    Complex add(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    Complex subtract(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    Complex negate() {
        return new Complex(-re, -im);
    }

    Complex multiply(Complex o) {
        if (im == 0 && o.im == 0) return real(re * o.re);
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex divide(Complex o) {
        if (o.im == 0) return new Complex(re / o.re, im / o.re);
        double d = o.re * o.re + o.im * o.im;
        return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
    }

    Complex scale(double k) {
        return new Complex(re * k, im * k);
    }

    Complex exp() {
        double m = Math.exp(re);
        if (im == 0) return real(m);
        return new Complex(m * Math.cos(im), m * Math.sin(im));
    }

    /** Principal natural logarithm; ln 0 is not finite and makes the comparison fail. */
    Complex log() {
        if (im == 0 && re > 0) return real(Math.log(re));
        return new Complex(Math.log(abs()), Math.atan2(im, re));
    }

    /** Principal square root. */
    Complex sqrt() {
        if (im == 0) return re >= 0 ? real(Math.sqrt(re)) : new Complex(0, Math.sqrt(-re));
        double m = abs();
        double r = Math.sqrt((m + re) / 2);
        double i = Math.copySign(Math.sqrt((m - re) / 2), im);
        return new Complex(r, i);
    }

    /** Principal power; real positive bases with real exponents go through Math.pow for accuracy. */
    Complex pow(Complex e) {
        if (im == 0 && e.im == 0 && (re > 0 || (e.re == Math.rint(e.re) && Math.abs(e.re) < 1e15))) {
            return real(Math.pow(re, e.re));
        }
        if (re == 0 && im == 0) {
            if (e.re > 0) return ZERO;
            return new Complex(Double.NaN, Double.NaN);
        }
        return e.multiply(log()).exp();
    }

    Complex sin() {
        if (im == 0) return real(Math.sin(re));
        return new Complex(Math.sin(re) * Math.cosh(im), Math.cos(re) * Math.sinh(im));
    }

    Complex cos() {
        if (im == 0) return real(Math.cos(re));
        return new Complex(Math.cos(re) * Math.cosh(im), -Math.sin(re) * Math.sinh(im));
    }

    Complex tan() {
        if (im == 0) return real(Math.tan(re));
        return sin().divide(cos());
    }

    Complex sinh() {
        return exp().subtract(negate().exp()).scale(0.5);
    }

    Complex cosh() {
        return exp().add(negate().exp()).scale(0.5);
    }

    @Override
    public String toString() {
        if (im == 0) return Double.toString(re);
        return re + (im >= 0 ? "+" : "") + im + "i";
    }
}
