package sputnik.datasets.math;

/** What kind of answer a tree is, in words for reasons ("a tuple vs a set"), and which kinds are plain numbers. */
final class Kinds {

    private Kinds() {}

    static String of(Node n) {
        return switch (n) {
            case Node.Tuple t -> "tuple";
            case Node.Interval i -> "interval";
            case Node.SetOf s -> "set";
            case Node.BareList l -> "list";
            case Node.Union u -> "union";
            case Node.Matrix m -> "matrix";
            case Node.Relation r -> r.ops().stream().allMatch("="::equals) ? "equation" : "inequality";
            case Node.BaseNumeral b -> "base-" + b.base() + " numeral";
            default -> "expression";
        };
    }

    /** The kind with its article: "a tuple", "an interval". */
    static String withArticle(Node n) {
        String kind = of(n);
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    /** A number or expression, as opposed to answer structure. */
    static boolean isScalar(Node n) {
        return of(n).equals("expression");
    }
}
