package sputnik.datasets.math;

import java.util.ArrayList;
import java.util.List;
import sputnik.datasets.math.Node.Bin;
import sputnik.datasets.math.Node.Bin.Op;

/**
 * Compares two parsed answers by structure, down to scalar expressions, which go to
 * {@link ExpressionComparator}. The rules, each what a MATH answer means:
 *
 * <ul>
 *   <li>{@code \pm} expands to the set of both signs;
 *   <li>an equation with a single variable (or "f(x)") on the left states a value: "x = 3" equals "3",
 *       "y = 2x+1" equals "2x+1"; two equations are equal when (lhs − rhs) agree up to sign, so "a = b"
 *       equals "b = a" and "y = 2x + 3" equals "2x - y + 3 = 0";
 *   <li>a one-variable inequality is its interval ("x > 2" is (2, ∞));
 *   <li>tuples compare element by element in order; a bare list "1, 2" compares in order with a tuple
 *       or vector but as a set with another list or set (MATH lists solutions so);
 *   <li>sets and bare lists compare as sets: every element has an equal on the other side;
 *   <li>intervals need the same brackets and equal ends; a 2-tuple "(a, b)" may be an open interval;
 *       unions compare as sets of intervals;
 *   <li>matrices compare element by element with equal shape; a column or row vector also equals the
 *       tuple of its entries;
 *   <li>anything else of different kinds ("a tuple vs a set") is not equal.
 * </ul>
 */
final class AnswerComparator {

    private AnswerComparator() {}

    static Equivalence compare(Node predicted, Node reference, Budget budget) {
        budget.check();
        Node p = PlusMinus.expandTop(predicted, budget);
        Node r = PlusMinus.expandTop(reference, budget);

        if (p instanceof Node.Relation || r instanceof Node.Relation) return relations(p, r, budget);

        int pInf = infinity(p);
        int rInf = infinity(r);
        if (pInf != 0 || rInf != 0) {
            return pInf == rInf ? Equivalence.yes("same infinity") : Equivalence.no("infinity vs " + NodePrinter.print(pInf != 0 ? r : p));
        }
        if (p instanceof Node.BaseNumeral || r instanceof Node.BaseNumeral) return numerals(p, r);
        if (unordered(p) || unordered(r)) return collections(p, r, budget);
        if (intervalish(p) || intervalish(r)) return intervals(p, r, budget);
        if (p instanceof Node.Tuple || r instanceof Node.Tuple || p instanceof Node.Matrix || r instanceof Node.Matrix) {
            return sequences(p, r, budget);
        }
        if (!Kinds.isScalar(p) || !Kinds.isScalar(r)) return differentKinds(p, r);
        return ExpressionComparator.compare(p, r, budget);
    }

    // ---- equations and inequalities ----

    private static Equivalence relations(Node p, Node r, Budget budget) {
        if (p instanceof Node.Relation rel && !isEquation(rel)) {
            Node.Interval interval = Inequalities.toInterval(rel);
            if (interval == null) return Equivalence.no("predicted inequality has no single-variable interval form");
            return compare(interval, r, budget);
        }
        if (r instanceof Node.Relation rel && !isEquation(rel)) {
            Node.Interval interval = Inequalities.toInterval(rel);
            if (interval == null) return Equivalence.no("reference inequality has no single-variable interval form");
            return compare(p, interval, budget);
        }
        if (p instanceof Node.Relation a && r instanceof Node.Relation b) return equations(a, b, budget);
        Node.Relation eq = (Node.Relation) (p instanceof Node.Relation ? p : r);
        Node value = statedValue(eq);
        if (value == null) return Equivalence.no("an equation vs " + Kinds.withArticle(p instanceof Node.Relation ? r : p));
        return p instanceof Node.Relation ? compare(value, r, budget) : compare(p, value, budget);
    }

    private static boolean isEquation(Node.Relation r) {
        return r.ops().stream().allMatch("="::equals);
    }

    /**
     * The value an equation states: the right side of "x = ..." or "f(x) = ..." (a chain "x = 6/2 = 3"
     * states its last member), the left side of "... = x"; and the constant right side of an equation
     * whose left side is an expression in named quantities ("m + n = 204" answers 204, as AIME's "find
     * m + n" asks); null for anything else ("2x + 1 = y + 3").
     */
    private static Node statedValue(Node.Relation eq) {
        List<Node> xs = eq.operands();
        if (namesOne(xs.get(0))) return xs.get(xs.size() - 1);
        if (namesOne(xs.get(xs.size() - 1))) return xs.get(0);
        Node last = xs.get(xs.size() - 1);
        if (namedQuantities(xs.get(0)) && Variables.of(last).isEmpty() && Kinds.isScalar(last)) return last;
        return null;
    }

    /**
     * Named quantities combined by arithmetic, without a number of their own: "m + n", "a + b + c", "pq".
     * Not "5x - 7y + 11z + 4" (with "= 0", the equation of a plane) nor "x^2 + y^2" (a circle): those
     * equations are answers in themselves.
     */
    private static boolean namedQuantities(Node n) {
        return switch (n) {
            case Node.Sym s -> true;
            case Bin b -> (b.op() == Op.ADD || b.op() == Op.SUB || b.op() == Op.MUL) && namedQuantities(b.left()) && namedQuantities(b.right());
            case Node.Neg neg -> namedQuantities(neg.operand());
            default -> false;
        };
    }

    private static boolean namesOne(Node n) {
        return n instanceof Node.Sym
                || (n instanceof Bin b && b.op() == Op.MUL && b.left() instanceof Node.Sym
                        && (b.right() instanceof Node.Sym || (b.right() instanceof Node.Tuple t
                                && t.items().stream().allMatch(x -> x instanceof Node.Sym))));
    }

    private static Equivalence equations(Node.Relation a, Node.Relation b, Budget budget) {
        Node l1 = a.operands().get(0);
        Node r1 = a.operands().get(a.operands().size() - 1);
        Node l2 = b.operands().get(0);
        Node r2 = b.operands().get(b.operands().size() - 1);
        if (l1 instanceof Node.Sym s1 && l2 instanceof Node.Sym s2 && s1.equals(s2)) return compare(r1, r2, budget);
        if (Kinds.isScalar(l1) && Kinds.isScalar(r1) && Kinds.isScalar(l2) && Kinds.isScalar(r2)) {
            Node d1 = new Bin(Op.SUB, l1, r1);
            Equivalence same = ExpressionComparator.compare(d1, new Bin(Op.SUB, l2, r2), budget);
            if (same.equivalent()) return Equivalence.yes("same equation: " + same.reason());
            Equivalence swapped = ExpressionComparator.compare(d1, new Bin(Op.SUB, r2, l2), budget);
            if (swapped.equivalent()) return Equivalence.yes("same equation with sides swapped: " + swapped.reason());
            return Equivalence.no("different equations: " + same.reason());
        }
        if (compare(l1, l2, budget).equivalent() && compare(r1, r2, budget).equivalent()) return Equivalence.yes("same equation");
        if (compare(l1, r2, budget).equivalent() && compare(r1, l2, budget).equivalent()) return Equivalence.yes("same equation with sides swapped");
        return Equivalence.no("different equations");
    }

    // ---- sets and lists ----

    private static boolean unordered(Node n) {
        return n instanceof Node.SetOf || n instanceof Node.BareList;
    }

    private static Equivalence collections(Node p, Node r, Budget budget) {
        if (unordered(p) && unordered(r)) return sets(items(p), items(r), budget);
        Node coll = unordered(p) ? p : r;
        Node other = unordered(p) ? r : p;
        if (coll instanceof Node.BareList && (other instanceof Node.Tuple || vector(other) != null)) {
            return sequences(p, r, budget);
        }
        if (coll instanceof Node.SetOf s && s.items().size() == 1) {
            return unordered(p) ? compare(s.items().get(0), r, budget) : compare(p, s.items().get(0), budget);
        }
        if (coll instanceof Node.SetOf s && s.items().isEmpty()) return differentKinds(p, r);
        if (Kinds.isScalar(other)) {
            return Equivalence.no(Kinds.withArticle(coll) + " of " + items(coll).size() + " vs a single value");
        }
        return differentKinds(p, r);
    }

    private static List<Node> items(Node n) {
        return switch (n) {
            case Node.SetOf s -> s.items();
            case Node.BareList l -> l.items();
            case Node.Tuple t -> t.items();
            case Node.Union u -> u.items();
            default -> List.of(n);
        };
    }

    /** Set equality: each element of either side has an equal element on the other. */
    private static Equivalence sets(List<Node> a, List<Node> b, Budget budget) {
        Boolean[][] memo = new Boolean[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            if (!hasMatch(i, true, a, b, memo, budget)) {
                return Equivalence.no("predicted element " + NodePrinter.print(a.get(i)) + " is not in the reference");
            }
        }
        for (int j = 0; j < b.size(); j++) {
            if (!hasMatch(j, false, a, b, memo, budget)) {
                return Equivalence.no("reference element " + NodePrinter.print(b.get(j)) + " is missing");
            }
        }
        return Equivalence.yes("same set of " + b.size() + " element" + (b.size() == 1 ? "" : "s"));
    }

    private static boolean hasMatch(int k, boolean fromA, List<Node> a, List<Node> b, Boolean[][] memo, Budget budget) {
        int n = fromA ? b.size() : a.size();
        for (int m = 0; m < n; m++) {
            int i = fromA ? k : m;
            int j = fromA ? m : k;
            if (memo[i][j] == null) memo[i][j] = compare(a.get(i), b.get(j), budget).equivalent();
            if (memo[i][j]) return true;
        }
        return false;
    }

    // ---- intervals ----

    private static boolean intervalish(Node n) {
        return n instanceof Node.Interval || n instanceof Node.Union;
    }

    private static Equivalence intervals(Node p, Node r, Budget budget) {
        List<Node.Interval> a = intervalList(p);
        List<Node.Interval> b = intervalList(r);
        if (a == null || b == null) return differentKinds(p, r);
        if (a.size() == 1 && b.size() == 1) return interval(a.get(0), b.get(0), budget);
        List<Node> an = new ArrayList<>(a);
        List<Node> bn = new ArrayList<>(b);
        return sets(an, bn, budget);
    }

    /** The intervals a node stands for: itself, a 2-tuple read as an open interval, or a union's members. */
    private static List<Node.Interval> intervalList(Node n) {
        return switch (n) {
            case Node.Interval i -> List.of(i);
            case Node.Tuple t when t.items().size() == 2 -> List.of(new Node.Interval(t.items().get(0), t.items().get(1), false, false));
            case Node.Relation r when !isEquation(r) && Inequalities.toInterval(r) != null -> List.of(Inequalities.toInterval(r));
            case Node.Union u -> {
                List<Node.Interval> all = new ArrayList<>();
                for (Node item : u.items()) {
                    List<Node.Interval> one = intervalList(item);
                    if (one == null) yield null;
                    all.addAll(one);
                }
                yield all;
            }
            default -> null;
        };
    }

    private static Equivalence interval(Node.Interval a, Node.Interval b, Budget budget) {
        if (a.lowClosed() != b.lowClosed() || a.highClosed() != b.highClosed()) {
            return Equivalence.no("different brackets: " + NodePrinter.print(a) + " vs " + NodePrinter.print(b));
        }
        Equivalence low = compare(a.low(), b.low(), budget);
        if (!low.equivalent()) return Equivalence.no("lower ends differ: " + low.reason());
        Equivalence high = compare(a.high(), b.high(), budget);
        if (!high.equivalent()) return Equivalence.no("upper ends differ: " + high.reason());
        return Equivalence.yes("same interval " + NodePrinter.print(b));
    }

    // ---- tuples, vectors, matrices ----

    private static Equivalence sequences(Node p, Node r, Budget budget) {
        if (p instanceof Node.Matrix a && r instanceof Node.Matrix b) {
            if (a.rows().size() != b.rows().size() || a.rows().get(0).size() != b.rows().get(0).size()) {
                return Equivalence.no("different matrix shapes");
            }
            return elementwise(a.rows().stream().flatMap(List::stream).toList(), b.rows().stream().flatMap(List::stream).toList(), budget);
        }
        List<Node> a = sequence(p);
        List<Node> b = sequence(r);
        if (a == null || b == null) return differentKinds(p, r);
        if (a.size() != b.size()) return Equivalence.no("different lengths: " + a.size() + " vs " + b.size());
        return elementwise(a, b, budget);
    }

    private static List<Node> sequence(Node n) {
        return switch (n) {
            case Node.Tuple t -> t.items();
            case Node.BareList l -> l.items();
            case Node.Matrix m -> vector(m);
            default -> null;
        };
    }

    /** The entries of a one-column or one-row matrix, or null. */
    private static List<Node> vector(Node n) {
        if (!(n instanceof Node.Matrix m)) return null;
        if (m.rows().size() == 1) return m.rows().get(0);
        if (m.rows().get(0).size() == 1) return m.rows().stream().map(row -> row.get(0)).toList();
        return null;
    }

    private static Equivalence elementwise(List<Node> a, List<Node> b, Budget budget) {
        for (int i = 0; i < a.size(); i++) {
            Equivalence e = compare(a.get(i), b.get(i), budget);
            if (!e.equivalent()) return Equivalence.no("element " + (i + 1) + " differs: " + e.reason());
        }
        return Equivalence.yes("all " + a.size() + " elements equal, in order");
    }

    // ---- odds and ends ----

    /** +1 for ∞, −1 for −∞, 0 otherwise. */
    private static int infinity(Node n) {
        if (n instanceof Node.Const c && c.kind() == Node.Const.Kind.INFINITY) return 1;
        if (n instanceof Node.Neg neg && infinity(neg.operand()) != 0) return -infinity(neg.operand());
        return 0;
    }

    /**
     * A numeral in base b equals the same digits in the same base, or the same digits written without the
     * base ("4210" for "4210_{5}", the base being given by the question); never its decimal value.
     */
    private static Equivalence numerals(Node p, Node r) {
        if (p instanceof Node.BaseNumeral a && r instanceof Node.BaseNumeral b) {
            return a.equals(b) ? Equivalence.yes("same base-" + a.base() + " numeral")
                    : Equivalence.no("different numerals: " + NodePrinter.print(a) + " vs " + NodePrinter.print(b));
        }
        Node.BaseNumeral numeral = (Node.BaseNumeral) (p instanceof Node.BaseNumeral ? p : r);
        Node other = p instanceof Node.BaseNumeral ? r : p;
        if (other instanceof Node.Num n && n.integerLiteral() && n.value().signum() >= 0
                && n.value().num().toString().equals(numeral.digits())) {
            return Equivalence.yes("same digits as the base-" + numeral.base() + " numeral");
        }
        return Equivalence.no("a base-" + numeral.base() + " numeral vs " + NodePrinter.print(other));
    }

    private static Equivalence differentKinds(Node p, Node r) {
        return Equivalence.no("different kinds of answer: " + Kinds.withArticle(p) + " vs " + Kinds.withArticle(r));
    }
}
