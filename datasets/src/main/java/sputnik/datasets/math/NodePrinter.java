package sputnik.datasets.math;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a tree as plain, fully bracketed text ("2*sqrt(2)", "(x+1)^2"): one spelling per tree, so
 * that reasons are readable and vote keys of structurally equal answers coincide.
 */
final class NodePrinter {

    private NodePrinter() {}

    static String print(Node node) {
        return switch (node) {
            case Node.Num n -> n.value().toString();
            case Node.Sym s -> s.name();
            case Node.Const c -> switch (c.kind()) {
                case PI -> "pi";
                case E -> "e";
                case I -> "i";
                case INFINITY -> "inf";
            };
            case Node.Neg n -> "-" + wrap(n.operand());
            case Node.Bin b -> wrap(b.left()) + symbol(b.op()) + wrap(b.right());
            case Node.PlusMinus p -> (p.left() == null ? "" : wrap(p.left())) + "+-" + wrap(p.right());
            case Node.Func f -> f.name() + "(" + join(f.args(), ",") + ")";
            case Node.Tuple t -> "(" + join(t.items(), ",") + ")";
            case Node.Interval i -> (i.lowClosed() ? "[" : "(") + print(i.low()) + "," + print(i.high())
                    + (i.highClosed() ? "]" : ")");
            case Node.SetOf s -> "{" + join(s.items(), ",") + "}";
            case Node.BareList l -> join(l.items(), ",");
            case Node.Union u -> join(u.items(), " U ");
            case Node.Matrix m -> m.rows().stream().map(r -> "[" + join(r, ",") + "]")
                    .collect(Collectors.joining(",", "[", "]"));
            case Node.Relation r -> {
                StringBuilder sb = new StringBuilder(print(r.operands().get(0)));
                for (int k = 0; k < r.ops().size(); k++) sb.append(r.ops().get(k)).append(print(r.operands().get(k + 1)));
                yield sb.toString();
            }
            case Node.BaseNumeral b -> b.digits() + "_" + b.base();
        };
    }

    private static String symbol(Node.Bin.Op op) {
        return switch (op) {
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            case DIV -> "/";
            case POW -> "^";
        };
    }

    /** Atoms print bare; anything compound is bracketed so the text has one reading. */
    private static String wrap(Node node) {
        String s = print(node);
        boolean atom = node instanceof Node.Sym || node instanceof Node.Const || node instanceof Node.Func
                || (node instanceof Node.Num n && n.value().isInteger() && n.value().signum() >= 0);
        return atom ? s : "(" + s + ")";
    }

    private static String join(List<Node> nodes, String sep) {
        return nodes.stream().map(NodePrinter::print).collect(Collectors.joining(sep));
    }
}
