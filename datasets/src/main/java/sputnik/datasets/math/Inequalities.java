package sputnik.datasets.math;

import java.util.List;

/**
 * Reads a one-variable inequality as the interval it describes: "x > 2" is (2, ∞), "-1 < x \le 3" is
 * (-1, 3], so it compares equal to the interval answer MATH expects.
 */
final class Inequalities {

    private static final Node POS_INF = new Node.Const(Node.Const.Kind.INFINITY);
    private static final Node NEG_INF = new Node.Neg(POS_INF);

    private Inequalities() {}

    /** The interval, or null when the relation is not of that shape. */
    static Node.Interval toInterval(Node.Relation r) {
        List<Node> xs = r.operands();
        List<String> ops = r.ops();
        if (ops.stream().anyMatch(op -> op.equals("=") || op.equals("!="))) return null;
        if (ops.size() == 1) {
            String op = ops.get(0);
            boolean closed = op.endsWith("=");
            if (xs.get(0) instanceof Node.Sym && Variables.of(xs.get(1)).isEmpty()) {
                // x < c, x > c
                return op.startsWith("<") ? new Node.Interval(NEG_INF, xs.get(1), false, closed)
                        : new Node.Interval(xs.get(1), POS_INF, closed, false);
            }
            if (xs.get(1) instanceof Node.Sym && Variables.of(xs.get(0)).isEmpty()) {
                // c < x, c > x
                return op.startsWith("<") ? new Node.Interval(xs.get(0), POS_INF, closed, false)
                        : new Node.Interval(NEG_INF, xs.get(0), false, closed);
            }
            return null;
        }
        if (ops.size() == 2 && xs.get(1) instanceof Node.Sym
                && Variables.of(xs.get(0)).isEmpty() && Variables.of(xs.get(2)).isEmpty()) {
            boolean up = ops.get(0).startsWith("<") && ops.get(1).startsWith("<");
            boolean down = ops.get(0).startsWith(">") && ops.get(1).startsWith(">");
            if (up) return new Node.Interval(xs.get(0), xs.get(2), ops.get(0).endsWith("="), ops.get(1).endsWith("="));
            if (down) return new Node.Interval(xs.get(2), xs.get(0), ops.get(1).endsWith("="), ops.get(0).endsWith("="));
        }
        return null;
    }
}
