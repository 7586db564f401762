package sputnik.datasets.math;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The free variables of a tree (π, e, i are constants, not variables). */
final class Variables {

    private Variables() {}

    static Set<String> of(Node node) {
        Set<String> vars = new TreeSet<>();
        collect(node, vars);
        return vars;
    }

    private static void collect(Node node, Set<String> vars) {
        switch (node) {
            case Node.Sym s -> vars.add(s.name());
            case Node.Neg n -> collect(n.operand(), vars);
            case Node.Bin b -> {
                collect(b.left(), vars);
                collect(b.right(), vars);
            }
            case Node.PlusMinus p -> {
                if (p.left() != null) collect(p.left(), vars);
                collect(p.right(), vars);
            }
            case Node.Func f -> all(f.args(), vars);
            case Node.Tuple t -> all(t.items(), vars);
            case Node.SetOf s -> all(s.items(), vars);
            case Node.BareList l -> all(l.items(), vars);
            case Node.Union u -> all(u.items(), vars);
            case Node.Interval i -> {
                collect(i.low(), vars);
                collect(i.high(), vars);
            }
            case Node.Matrix m -> m.rows().forEach(r -> all(r, vars));
            case Node.Relation r -> all(r.operands(), vars);
            case Node.Num n -> {}
            case Node.Const c -> {}
            case Node.BaseNumeral b -> {}
        }
    }

    private static void all(List<Node> nodes, Set<String> vars) {
        for (Node n : nodes) collect(n, vars);
    }
}
