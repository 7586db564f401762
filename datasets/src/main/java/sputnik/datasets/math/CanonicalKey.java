package sputnik.datasets.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A canonical string for an answer, for majority voting: equivalent answers usually share it. Constant
 * expressions key by value ("\frac{1}{2}" and "0.5" → "1/2"; "2\sqrt{2}" and "\sqrt{8}" → "~2.828427125",
 * the value in ten significant digits); sets sort their elements; "x = 5" keys as "5". Expressions with
 * variables key by their printed tree, so "x+1" and "1+x" may differ: the key is for grouping votes,
 * {@link MathEquivalence#compare} is the judge.
 */
final class CanonicalKey {

    private CanonicalKey() {}

    static String of(Node node, Budget budget) {
        budget.check();
        Node n = PlusMinus.expandTop(node, budget);
        return switch (n) {
            case Node.Relation r -> {
                List<Node> xs = r.operands();
                if (r.ops().stream().allMatch("="::equals) && xs.get(0) instanceof Node.Sym) yield of(xs.get(xs.size() - 1), budget);
                Node.Interval interval = Inequalities.toInterval(r);
                yield interval != null ? of(interval, budget) : NodePrinter.print(r);
            }
            case Node.SetOf s -> "{" + sorted(s.items(), budget) + "}";
            case Node.BareList l -> "{" + sorted(l.items(), budget) + "}";
            case Node.Union u -> String.join(" U ", keys(u.items(), budget));
            case Node.Tuple t -> "(" + joined(t.items(), budget) + ")";
            case Node.Interval i -> (i.lowClosed() ? "[" : "(") + of(i.low(), budget) + "," + of(i.high(), budget)
                    + (i.highClosed() ? "]" : ")");
            case Node.Matrix m -> m.rows().stream().map(row -> "[" + joined(row, budget) + "]")
                    .collect(Collectors.joining(",", "[", "]"));
            case Node.BaseNumeral b -> NodePrinter.print(b);
            default -> scalar(n, budget);
        };
    }

    private static String scalar(Node n, Budget budget) {
        if (!Variables.of(n).isEmpty()) return NodePrinter.print(n);
        try {
            Value v = new Evaluator(Map.of(), budget).eval(n);
            if (v.isExact()) return v.exact().toString();
            if (v.approx().isFinite()) return "~" + ExpressionComparator.show(v.approx());
        } catch (Undefined | ArithmeticException e) {
            // no value: fall back to the printed tree
        }
        return NodePrinter.print(n);
    }

    private static String sorted(List<Node> items, Budget budget) {
        return String.join(",", keys(items, budget));
    }

    private static TreeSet<String> keys(List<Node> items, Budget budget) {
        TreeSet<String> keys = new TreeSet<>();
        for (Node item : items) keys.add(of(item, budget));
        return keys;
    }

    private static String joined(List<Node> items, Budget budget) {
        List<String> keys = new ArrayList<>();
        for (Node item : items) keys.add(of(item, budget));
        return String.join(",", keys);
    }
}
