package sputnik.datasets.math;

import java.util.List;

/**
 * The parsed form of an answer. Arithmetic nodes ({@link Num} to {@link Func}) are what the evaluator
 * computes; the others ({@link Tuple}, {@link Interval}, {@link SetOf}, ...) are answer structure that
 * the comparator matches piece by piece. {@link NodePrinter} renders a tree as canonical, LaTeX-free
 * text for reasons and vote keys.
 */
sealed interface Node {

    /** A number literal. {@code integerLiteral}: written as plain digits, which makes "1\frac{4}{5}" a mixed number. */
    record Num(Rational value, boolean integerLiteral) implements Node {}

    /** A free variable: "x", "a_1", "\theta". */
    record Sym(String name) implements Node {}

    /** π, e, i, ∞. */
    record Const(Kind kind) implements Node {
        enum Kind { PI, E, I, INFINITY }
    }

    record Neg(Node operand) implements Node {}

    record Bin(Op op, Node left, Node right) implements Node {
        enum Op { ADD, SUB, MUL, DIV, POW }
    }

    /** a ± b ({@code left} null for a unary ±b); expanded into the set of both signs before comparing. */
    record PlusMinus(Node left, Node right) implements Node {}

    /**
     * A named function: sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh ln log exp sqrt
     * root(n, x) logb(b, x) abs floor ceil fact binom deg gcd lcm max min. {@code deg} marks an angle
     * written in degrees.
     */
    record Func(String name, List<Node> args) implements Node {}

    /** Ordered (a, b, ...); a 2-tuple may also be an open interval, which the comparator decides. */
    record Tuple(List<Node> items) implements Node {}

    record Interval(Node low, Node high, boolean lowClosed, boolean highClosed) implements Node {}

    /** {@code \{a, b\}}; order-insensitive. */
    record SetOf(List<Node> items) implements Node {}

    /** "1, -2" with no brackets: MATH's way of listing all solutions, so order-insensitive. */
    record BareList(List<Node> items) implements Node {}

    record Union(List<Node> items) implements Node {}

    record Matrix(List<List<Node>> rows) implements Node {}

    /** a = b, x < 3, 1 < x ≤ 2: operands.size() == ops.size() + 1; ops are "=", "<", "<=", ">", ">=", "!=". */
    record Relation(List<Node> operands, List<String> ops) implements Node {}

    /** A numeral in another base, "4210_{5}": equal only to the same numeral, not to its decimal value. */
    record BaseNumeral(String digits, int base) implements Node {}
}
