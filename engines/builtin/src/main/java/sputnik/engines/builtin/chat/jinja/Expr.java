package sputnik.engines.builtin.chat.jinja;

import java.util.List;
import java.util.Map;

/**
 * The expression tree the {@link Parser} builds and the {@link Evaluator} walks. Every node keeps its line so an
 * error while rendering can say where it happened.
 */
sealed interface Expr {
    int line();

    /** A literal: String, Long, Double, Boolean or null (none). */
    record Const(Object value, int line) implements Expr { }

    record Var(String name, int line) implements Expr { }

    record ListLit(List<Expr> items, int line) implements Expr { }

    /** A tuple such as {@code (a, b)}; evaluated to an immutable list. */
    record TupleLit(List<Expr> items, int line) implements Expr { }

    record DictLit(List<Expr> keys, List<Expr> values, int line) implements Expr { }

    /** {@code obj.name}. */
    record Attr(Expr obj, String name, int line) implements Expr { }

    /** {@code obj[key]}. */
    record Item(Expr obj, Expr key, int line) implements Expr { }

    /** {@code obj[start:stop:step]}; absent parts are null. */
    record Slice(Expr obj, Expr start, Expr stop, Expr step, int line) implements Expr { }

    /** {@code callee(args, name=value)}. */
    record Call(Expr callee, List<Expr> args, Map<String, Expr> kwargs, int line) implements Expr { }

    /** {@code obj | name(args)}. */
    record Filter(Expr obj, String name, List<Expr> args, Map<String, Expr> kwargs, int line) implements Expr { }

    /** {@code obj is [not] name(args)}. */
    record Test(Expr obj, String name, boolean negated, List<Expr> args, int line) implements Expr { }

    /** {@code -x}, {@code +x}, {@code not x}. */
    record Unary(String op, Expr operand, int line) implements Expr { }

    /** Arithmetic, {@code ~}, {@code and}, {@code or}. */
    record Binary(String op, Expr left, Expr right, int line) implements Expr { }

    /** A comparison chain {@code a < b <= c}, as Python evaluates it; ops include "in" and "not in". */
    record Compare(Expr first, List<String> ops, List<Expr> rest, int line) implements Expr { }

    /** {@code then if cond else otherwise}; otherwise is null when the else part is missing (gives undefined). */
    record Cond(Expr cond, Expr then, Expr otherwise, int line) implements Expr { }
}
