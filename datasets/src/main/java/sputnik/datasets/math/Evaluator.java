package sputnik.datasets.math;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import sputnik.datasets.math.Node.Bin;
import sputnik.datasets.math.Node.Func;

/**
 * Computes the value of an arithmetic tree, exactly while it can (rationals, Gaussian rationals,
 * integer powers, perfect roots, factorials, binomials, logarithms that come out whole) and in complex
 * double precision otherwise. Variables take their values from an environment (see
 * {@link ExpressionComparator}'s sampling). Exact results are bounded by
 * {@link MathLimits#maxExactBits()}: "2^{10^{10}}" is approximated (and overflows) instead of
 * allocating a ten-billion-bit integer.
 */
final class Evaluator {

    private static final int MAX_ROOT_DEGREE = 64;
    private static final int MAX_FACTORIAL = 10_000;

    private final Map<String, Value> env;
    private final Budget budget;

    Evaluator(Map<String, Value> env, Budget budget) {
        this.env = env;
        this.budget = budget;
    }

    Value eval(Node node) throws Undefined {
        budget.check();
        return switch (node) {
            case Node.Num n -> Value.of(n.value());
            case Node.Sym s -> {
                Value v = env.get(s.name());
                if (v == null) throw new Undefined("free variable " + s.name());
                yield v;
            }
            case Node.Const c -> switch (c.kind()) {
                case PI -> Value.approx(Complex.real(Math.PI));
                case E -> Value.approx(Complex.real(Math.E));
                case I -> Value.of(ExactComplex.I);
                case INFINITY -> throw new Undefined("infinity is not a number");
            };
            case Node.Neg n -> negate(eval(n.operand()));
            case Bin b -> binary(b);
            case Func f -> function(f);
            case Node.BaseNumeral b -> Value.of(Rational.of(new BigInteger(b.digits(), b.base())));
            case Node.PlusMinus p -> throw new Undefined("± has two values");
            default -> throw new Undefined(Kinds.withArticle(node) + " is not a number");
        };
    }

    private Value binary(Bin b) throws Undefined {
        Value l = eval(b.left());
        Value r = eval(b.right());
        return switch (b.op()) {
            case ADD -> exactFits(l, r) ? Value.of(l.exact().add(r.exact())) : Value.approx(l.approx().add(r.approx()));
            case SUB -> exactFits(l, r) ? Value.of(l.exact().subtract(r.exact())) : Value.approx(l.approx().subtract(r.approx()));
            case MUL -> exactFits(l, r) ? Value.of(l.exact().multiply(r.exact())) : approx(l, r, l.approx().multiply(r.approx()));
            case DIV -> divide(l, r);
            case POW -> power(l, r);
        };
    }

    /** Both exact and small enough that exact arithmetic on them stays within the bit budget. */
    private boolean exactFits(Value l, Value r) {
        return l.isExact() && r.isExact() && l.exact().bits() + r.exact().bits() <= budget.limits().maxExactBits();
    }

    /**
     * An approximate product or power of non-zero numbers that came out as 0 has underflowed
     * ("10^{-10^{10}}"): it is not 0, and is treated as having no comparable value.
     */
    private static Value approx(Value l, Value r, Complex result) throws Undefined {
        boolean nonZero = l.approx().abs() != 0 && r.approx().abs() != 0;
        if (nonZero && result.abs() == 0) throw new Undefined("too small to compare (underflow)");
        return Value.approx(result);
    }

    private static Value negate(Value v) {
        return v.isExact() ? Value.of(v.exact().negate()) : Value.approx(v.approx().negate());
    }

    private Value divide(Value l, Value r) throws Undefined {
        if (r.isExact() ? r.exact().isZero() : (r.approx().re() == 0 && r.approx().im() == 0)) {
            throw new Undefined("division by zero");
        }
        if (exactFits(l, r)) return Value.of(l.exact().divide(r.exact()));
        return approx(l, r, l.approx().divide(r.approx()));
    }

    /**
     * base^exponent. A negative real base with a rational exponent of odd denominator takes the real
     * root, as \sqrt[3]{} does: (-8)^{1/3} = -2 and (-8)^{2/3} = 4, so "x^{1/3}" and "\sqrt[3]{x}" agree
     * at negative sample points. Other powers of negative or complex numbers use the principal branch.
     */
    private Value power(Value base, Value exponent) throws Undefined {
        Rational e = exponent.exactReal();
        if (base.isExact() && e != null) {
            ExactComplex b = base.exact();
            if (b.isZero()) {
                if (e.signum() <= 0) throw new Undefined("0 to the power " + e);
                return Value.of(ExactComplex.ZERO);
            }
            if (e.isInteger()) {
                // ±1 to any whole power is ±1, however large the power: "1^{10^{10}}" stays exact.
                if (b.equals(ExactComplex.ONE)) return base;
                if (b.equals(ExactComplex.ONE.negate())) return Value.of(e.num().testBit(0) ? b : ExactComplex.ONE);
                if (e.num().bitLength() < 31 && fits(b.bits(), e.num().abs().longValue())) {
                    budget.check();
                    return Value.of(b.pow(e.num().intValueExact()));
                }
            } else if (b.isReal() && (b.re().signum() > 0 || e.den().testBit(0))
                    && e.den().bitLength() < 8 && e.num().bitLength() < 31) {
                Rational root = ExactRoots.root(b.re().abs(), e.den().intValueExact());
                if (root != null && fits(root.bits(), e.num().abs().longValue())) {
                    if (b.re().signum() < 0) root = root.negate(); // odd root of a negative number
                    return Value.of(root.pow(e.num().intValueExact()));
                }
            }
        }
        Complex c = base.approx();
        if (e != null && !e.isInteger() && e.den().testBit(0) && c.isReal() && c.re() < 0) {
            double magnitude = Math.pow(-c.re(), e.toDouble());
            return approx(base, Value.of(Rational.ONE), Complex.real(e.num().testBit(0) ? -magnitude : magnitude));
        }
        return approx(base, Value.of(Rational.ONE), c.pow(exponent.approx()));
    }

    private boolean fits(long bits, long exponent) {
        return exponent <= budget.limits().maxExactBits() && bits * exponent <= budget.limits().maxExactBits();
    }

    private Value function(Func f) throws Undefined {
        List<Node> args = f.args();
        String name = f.name();
        switch (name) {
            case "sin", "cos", "tan", "cot", "sec", "csc" -> {
                return trig(name, angle(args.get(0)));
            }
            case "deg" -> {
                return eval(args.get(0)); // an angle in degrees, outside a trig function, is its number of degrees
            }
            default -> {}
        }
        if (name.equals("root")) return root(eval(args.get(0)), eval(args.get(1)));
        if (name.equals("logb")) return logBase(eval(args.get(0)), eval(args.get(1)));
        if (name.equals("binom")) return binom(eval(args.get(0)), eval(args.get(1)));
        if (List.of("gcd", "lcm", "max", "min").contains(name)) return fold(name, args);

        Value x = eval(args.get(0));
        Complex c = x.approx();
        return switch (name) {
            case "sqrt" -> sqrt(x);
            case "abs" -> abs(x);
            case "floor", "ceil" -> floorCeil(name, x);
            case "fact" -> factorial(x);
            case "ln" -> {
                if (x.isExact() && x.exact().equals(ExactComplex.ONE)) yield Value.of(Rational.ZERO);
                if (c.re() == 0 && c.im() == 0) throw new Undefined("log of zero");
                yield Value.approx(c.log());
            }
            case "exp" -> x.isExact() && x.exact().isZero() ? Value.of(Rational.ONE) : approx(Value.of(Rational.ONE), Value.of(Rational.ONE), c.exp());
            case "sinh" -> Value.approx(c.sinh());
            case "cosh" -> Value.approx(c.cosh());
            case "tanh" -> Value.approx(c.sinh().divide(c.cosh()));
            case "arcsin", "arccos", "arctan" -> {
                if (!c.isReal() || (!name.equals("arctan") && Math.abs(c.re()) > 1)) throw new Undefined(name + " outside [-1, 1]");
                double r = c.re();
                yield Value.approx(Complex.real(name.equals("arcsin") ? Math.asin(r) : name.equals("arccos") ? Math.acos(r) : Math.atan(r)));
            }
            default -> throw new Undefined("unknown function " + name);
        };
    }

    /** A trig argument in radians; "30^\circ" inside a trig function is converted from degrees. */
    private Value angle(Node arg) throws Undefined {
        if (arg instanceof Func f && f.name().equals("deg")) {
            return Value.approx(eval(f.args().get(0)).approx().scale(Math.PI / 180));
        }
        return eval(arg);
    }

    private static Value trig(String name, Value x) throws Undefined {
        if (x.isExact() && x.exact().isZero()) {
            switch (name) {
                case "sin", "tan" -> { return Value.of(Rational.ZERO); }
                case "cos", "sec" -> { return Value.of(Rational.ONE); }
                default -> throw new Undefined(name + " of zero");
            }
        }
        Complex c = x.approx();
        Complex r = switch (name) {
            case "sin" -> c.sin();
            case "cos" -> c.cos();
            case "tan" -> c.tan();
            case "cot" -> c.cos().divide(c.sin());
            case "sec" -> Complex.ONE.divide(c.cos());
            default -> Complex.ONE.divide(c.sin());
        };
        return Value.approx(r);
    }

    private static Value sqrt(Value x) {
        Rational r = x.exactReal();
        if (r != null) {
            Rational root = ExactRoots.root(r.abs(), 2);
            if (root != null) return Value.of(r.signum() >= 0 ? ExactComplex.real(root) : new ExactComplex(Rational.ZERO, root));
        }
        return Value.approx(x.approx().sqrt());
    }

    /** \sqrt[n]{x}: the real root for odd n and negative x ("\sqrt[3]{-8}" = -2), as the notation means. */
    private static Value root(Value degree, Value x) throws Undefined {
        Rational n = degree.exactReal();
        if (n == null || !n.isInteger() || n.signum() <= 0 || n.num().bitLength() > 7 || n.num().intValue() > MAX_ROOT_DEGREE) {
            throw new Undefined("root degree must be a small positive whole number");
        }
        int k = n.num().intValue();
        Rational r = x.exactReal();
        boolean oddNegative = k % 2 == 1 && ((r != null && r.signum() < 0) || (r == null && x.approx().isReal() && x.approx().re() < 0));
        if (r != null) {
            Rational root = ExactRoots.root(r.abs(), k);
            if (root != null && (r.signum() >= 0 || oddNegative)) return Value.of(r.signum() >= 0 ? root : root.negate());
        }
        if (oddNegative) return Value.approx(Complex.real(-Math.pow(-x.approx().re(), 1.0 / k)));
        return Value.approx(x.approx().pow(Complex.real(1.0 / k)));
    }

    private static Value abs(Value x) {
        if (x.isExact()) {
            ExactComplex e = x.exact();
            if (e.isReal()) return Value.of(e.re().abs());
            return sqrt(Value.of(e.re().multiply(e.re()).add(e.im().multiply(e.im()))));
        }
        return Value.approx(Complex.real(x.approx().abs()));
    }

    private static Value floorCeil(String name, Value x) throws Undefined {
        Rational r = x.exactReal();
        if (r != null) {
            BigInteger[] qr = r.num().divideAndRemainder(r.den());
            BigInteger q = qr[0];
            if (qr[1].signum() != 0) {
                if (name.equals("floor") && r.signum() < 0) q = q.subtract(BigInteger.ONE);
                if (name.equals("ceil") && r.signum() > 0) q = q.add(BigInteger.ONE);
            }
            return Value.of(Rational.of(q));
        }
        if (!x.approx().isReal()) throw new Undefined(name + " of a complex number");
        double d = x.approx().re();
        return Value.approx(Complex.real(name.equals("floor") ? Math.floor(d) : Math.ceil(d)));
    }

    private Value factorial(Value x) throws Undefined {
        Rational r = x.exactReal();
        if (r == null || !r.isInteger() || r.signum() < 0) throw new Undefined("factorial of a non-whole number");
        if (r.num().compareTo(BigInteger.valueOf(MAX_FACTORIAL)) > 0) throw new Undefined("factorial too large");
        int n = r.num().intValue();
        if ((long) n * (64 - Long.numberOfLeadingZeros(n)) > budget.limits().maxExactBits()) throw new Undefined("factorial too large");
        BigInteger acc = BigInteger.ONE;
        for (int k = 2; k <= n; k++) {
            acc = acc.multiply(BigInteger.valueOf(k));
            if ((k & 63) == 0) budget.check();
        }
        return Value.of(Rational.of(acc));
    }

    private Value binom(Value nv, Value kv) throws Undefined {
        Rational n = nv.exactReal();
        Rational k = kv.exactReal();
        if (n == null || k == null || !n.isInteger() || !k.isInteger() || n.signum() < 0) {
            throw new Undefined("binomial of non-whole numbers");
        }
        if (k.signum() < 0 || k.compareTo(n) > 0) return Value.of(Rational.ZERO);
        if (n.num().bitLength() > 20) throw new Undefined("binomial too large");
        int nn = n.num().intValue();
        int kk = Math.min(k.num().intValue(), nn - k.num().intValue());
        if ((long) kk * (64 - Long.numberOfLeadingZeros(nn)) > budget.limits().maxExactBits()) throw new Undefined("binomial too large");
        BigInteger acc = BigInteger.ONE;
        for (int j = 1; j <= kk; j++) {
            acc = acc.multiply(BigInteger.valueOf(nn - kk + j)).divide(BigInteger.valueOf(j));
            if ((j & 63) == 0) budget.check();
        }
        return Value.of(Rational.of(acc));
    }

    /** log_b x, exact when x is a whole power of b ("\log_2 8" = 3). */
    private Value logBase(Value base, Value x) throws Undefined {
        Complex b = base.approx();
        Complex c = x.approx();
        if ((b.re() == 0 && b.im() == 0) || (c.re() == 0 && c.im() == 0)) throw new Undefined("log of zero");
        Complex lnB = b.log();
        if (lnB.re() == 0 && lnB.im() == 0) throw new Undefined("log base 1");
        Complex q = c.log().divide(lnB);
        Rational rb = base.exactReal();
        Rational rx = x.exactReal();
        if (rb != null && rx != null && rb.signum() > 0 && rx.signum() > 0 && q.isReal() && Math.abs(q.re()) < 10_000) {
            long k = Math.round(q.re());
            if (fits(rb.bits(), Math.abs(k)) && rb.pow((int) k).equals(rx)) return Value.of(Rational.of(k));
        }
        return Value.approx(q);
    }

    private Value fold(String name, List<Node> args) throws Undefined {
        Rational acc = null;
        for (Node a : args) {
            Value v = eval(a);
            Rational r = v.exactReal();
            if (r == null) throw new Undefined(name + " needs exact real arguments");
            if (acc == null) {
                acc = r;
                continue;
            }
            acc = switch (name) {
                case "max" -> acc.compareTo(r) >= 0 ? acc : r;
                case "min" -> acc.compareTo(r) <= 0 ? acc : r;
                default -> {
                    if (!acc.isInteger() || !r.isInteger()) throw new Undefined(name + " of non-whole numbers");
                    BigInteger g = acc.num().gcd(r.num());
                    if (name.equals("gcd")) yield Rational.of(g);
                    if (g.signum() == 0) yield Rational.ZERO;
                    yield Rational.of(acc.num().multiply(r.num()).abs().divide(g));
                }
            };
        }
        return Value.of(acc);
    }
}
