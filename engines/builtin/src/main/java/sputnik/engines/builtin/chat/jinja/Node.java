package sputnik.engines.builtin.chat.jinja;

import java.util.List;

/** The statement tree of a template: what the {@link Parser} makes of text, output tags and block tags. */
sealed interface Node {
    int line();

    record Text(String text, int line) implements Node { }

    /** {@code {{ expr }}}. */
    record Output(Expr expr, int line) implements Node { }

    /** {@code if}/{@code elif} conditions with their bodies, and the {@code else} body (empty when absent). */
    record If(List<Expr> conditions, List<List<Node>> bodies, List<Node> otherwise, int line) implements Node { }

    /**
     * {@code for targets in iterable [if filter]} with its body and {@code else} body.
     *
     * @param filter null when the loop has no {@code if} clause
     */
    record For(List<String> targets, Expr iterable, Expr filter, List<Node> body, List<Node> otherwise, int line)
            implements Node { }

    /**
     * {@code set targets = value}, or the block form {@code set x %}...{% endset} (value null, body set).
     */
    record Set(List<String> targets, Expr value, List<Node> body, int line) implements Node { }

    /** {@code set ns.attr = value} on a {@code namespace()} object. */
    record SetAttr(String target, String attr, Expr value, int line) implements Node { }
}
