package sputnik.datasets.math;

import java.util.ArrayList;
import java.util.List;
import sputnik.datasets.math.Node.Bin;
import sputnik.datasets.math.Node.Bin.Op;

/**
 * Expands {@code \pm}: "1 \pm \sqrt{2}" is the set {1+√2, 1−√2}, so it equals the list
 * "1+\sqrt{2}, 1-\sqrt{2}" in any order. n signs give 2^n alternatives, bounded by
 * {@link MathLimits#maxPlusMinus()}.
 */
final class PlusMinus {

    private PlusMinus() {}

    static boolean contains(Node n) {
        return switch (n) {
            case Node.PlusMinus p -> true;
            case Node.Neg x -> contains(x.operand());
            case Bin b -> contains(b.left()) || contains(b.right());
            case Node.Func f -> f.args().stream().anyMatch(PlusMinus::contains);
            default -> false;
        };
    }

    /** A scalar with ± becomes a set; a list or set has its ± items flattened into it; others unchanged. */
    static Node expandTop(Node n, Budget budget) {
        return switch (n) {
            case Node.BareList l -> new Node.BareList(flatten(l.items(), budget));
            case Node.SetOf s -> new Node.SetOf(flatten(s.items(), budget));
            default -> Kinds.isScalar(n) && contains(n) ? new Node.SetOf(expand(n, budget)) : n;
        };
    }

    private static List<Node> flatten(List<Node> items, Budget budget) {
        List<Node> out = new ArrayList<>();
        for (Node item : items) {
            if (Kinds.isScalar(item) && contains(item)) out.addAll(expand(item, budget));
            else out.add(item);
        }
        return out;
    }

    static List<Node> expand(Node n, Budget budget) {
        int signs = count(n);
        if (signs > budget.limits().maxPlusMinus()) {
            throw new BudgetExceeded("more than " + budget.limits().maxPlusMinus() + " \\pm signs");
        }
        List<Node> out = new ArrayList<>();
        for (int mask = 0; mask < (1 << signs); mask++) {
            budget.check();
            out.add(choose(n, mask, new int[] {0}));
        }
        return out;
    }

    private static int count(Node n) {
        return switch (n) {
            case Node.PlusMinus p -> 1 + (p.left() == null ? 0 : count(p.left())) + count(p.right());
            case Node.Neg x -> count(x.operand());
            case Bin b -> count(b.left()) + count(b.right());
            case Node.Func f -> f.args().stream().mapToInt(PlusMinus::count).sum();
            default -> 0;
        };
    }

    /** The tree with the k-th ± (in reading order) taken as + when bit k of {@code mask} is 0, else −. */
    private static Node choose(Node n, int mask, int[] index) {
        return switch (n) {
            case Node.PlusMinus p -> {
                Node left = p.left() == null ? null : choose(p.left(), mask, index);
                boolean minus = ((mask >> index[0]++) & 1) == 1;
                Node right = choose(p.right(), mask, index);
                if (left == null) yield minus ? new Node.Neg(right) : right;
                yield new Bin(minus ? Op.SUB : Op.ADD, left, right);
            }
            case Node.Neg x -> new Node.Neg(choose(x.operand(), mask, index));
            case Bin b -> {
                Node left = choose(b.left(), mask, index);
                yield new Bin(b.op(), left, choose(b.right(), mask, index));
            }
            case Node.Func f -> {
                List<Node> args = new ArrayList<>();
                for (Node a : f.args()) args.add(choose(a, mask, index));
                yield new Node.Func(f.name(), args);
            }
            default -> n;
        };
    }
}
