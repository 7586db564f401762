package sputnik.engines.builtin.chat.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a parsed template: runs the statements in {@link Node} order into a string and evaluates {@link Expr}s
 * with Python/Jinja2 semantics (operators here, filters, tests and methods in their own classes). Every failure is
 * reported as a {@link JinjaException} with the template name and the line of the expression at fault.
 */
final class Evaluator {
    private final String name;

    Evaluator(String name) {
        this.name = name;
    }

    String render(List<Node> nodes, Scope scope) {
        StringBuilder out = new StringBuilder();
        exec(nodes, scope, out);
        return out.toString();
    }

    // ---- statements ----

    private void exec(List<Node> nodes, Scope scope, StringBuilder out) {
        for (Node n : nodes) {
            switch (n) {
                case Node.Text t -> out.append(t.text());
                case Node.Output o -> out.append(Values.str(eval(o.expr(), scope)));
                case Node.If f -> {
                    List<Node> chosen = f.otherwise();
                    for (int k = 0; k < f.conditions().size(); k++) {
                        if (Values.truthy(eval(f.conditions().get(k), scope))) {
                            chosen = f.bodies().get(k);
                            break;
                        }
                    }
                    exec(chosen, scope, out);
                }
                case Node.For f -> loop(f, scope, out);
                case Node.Set s -> {
                    Object value = s.value() != null ? eval(s.value(), scope) : render(s.body(), scope);
                    bind(s.targets(), value, scope, s.line());
                }
                case Node.SetAttr s -> {
                    Object target = scope.lookup(s.target());
                    if (!(target instanceof Namespace ns)) {
                        throw JinjaException.at(name, s.line(), "cannot set attribute '" + s.attr() + "' on '" + s.target()
                                + "', which is " + Values.typeName(target) + ", not a namespace()");
                    }
                    ns.attributes.put(s.attr(), eval(s.value(), scope));
                }
            }
        }
    }

    private void loop(Node.For f, Scope scope, StringBuilder out) {
        Object iterable = eval(f.iterable(), scope);
        List<Object> items;
        try {
            items = Values.iterate(iterable);
        } catch (EvalException x) {
            throw JinjaException.at(name, f.line(), "cannot loop over " + describe(f.iterable()) + ": " + x.getMessage());
        }
        Scope inner = new Scope(scope);
        if (f.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                bind(f.targets(), item, inner, f.line());
                if (Values.truthy(eval(f.filter(), inner))) kept.add(item);
            }
            items = kept;
        }
        int n = items.size();
        if (n == 0) {
            exec(f.otherwise(), scope, out);
            return;
        }
        for (int k = 0; k < n; k++) {
            bind(f.targets(), items.get(k), inner, f.line());
            Map<Object, Object> loop = new LinkedHashMap<>();
            loop.put("index", (long) k + 1);
            loop.put("index0", (long) k);
            loop.put("revindex", (long) (n - k));
            loop.put("revindex0", (long) (n - k - 1));
            loop.put("first", k == 0);
            loop.put("last", k == n - 1);
            loop.put("length", (long) n);
            loop.put("previtem", k > 0 ? items.get(k - 1) : new Undefined("loop.previtem"));
            loop.put("nextitem", k < n - 1 ? items.get(k + 1) : new Undefined("loop.nextitem"));
            inner.set("loop", loop);
            exec(f.body(), inner, out);
        }
    }

    /** Assigns a value to one name, or unpacks a sequence into several. */
    private void bind(List<String> targets, Object value, Scope scope, int line) {
        if (targets.size() == 1) {
            scope.set(targets.getFirst(), value);
            return;
        }
        if (!(value instanceof List<?> l) || l.size() != targets.size()) {
            throw JinjaException.at(name, line, "cannot unpack " + Values.typeName(value) + " into " + targets.size() + " names "
                    + targets);
        }
        for (int k = 0; k < targets.size(); k++) scope.set(targets.get(k), l.get(k));
    }

    // ---- expressions ----

    private Object eval(Expr e, Scope scope) {
        try {
            return evaluate(e, scope);
        } catch (EvalException x) {
            throw JinjaException.at(name, e.line(), x.getMessage());
        }
    }

    private Object evaluate(Expr e, Scope scope) {
        return switch (e) {
            case Expr.Const c -> c.value();
            case Expr.Var v -> scope.lookup(v.name());
            case Expr.ListLit l -> {
                List<Object> out = new ArrayList<>();
                for (Expr item : l.items()) out.add(eval(item, scope));
                yield out;
            }
            case Expr.TupleLit t -> {
                List<Object> out = new ArrayList<>();
                for (Expr item : t.items()) out.add(eval(item, scope));
                yield Collections.unmodifiableList(out);
            }
            case Expr.DictLit d -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (int k = 0; k < d.keys().size(); k++) out.put(eval(d.keys().get(k), scope), eval(d.values().get(k), scope));
                yield out;
            }
            case Expr.Attr a -> attribute(eval(a.obj(), scope), a.name(), describe(a));
            case Expr.Item i -> item(eval(i.obj(), scope), eval(i.key(), scope), describe(i));
            case Expr.Slice s -> slice(eval(s.obj(), scope), optional(s.start(), scope), optional(s.stop(), scope),
                    optional(s.step(), scope));
            case Expr.Call c -> call(c, scope);
            case Expr.Filter f -> Filters.apply(f.name(), eval(f.obj(), scope), arguments(f.name(), f.args(), f.kwargs(), scope));
            case Expr.Test t -> {
                List<Object> args = new ArrayList<>();
                for (Expr a : t.args()) args.add(eval(a, scope));
                yield Tests.apply(t.name(), eval(t.obj(), scope), args) != t.negated();
            }
            case Expr.Unary u -> unary(u, eval(u.operand(), scope));
            case Expr.Binary b -> binary(b, scope);
            case Expr.Compare c -> {
                Object left = eval(c.first(), scope);
                for (int k = 0; k < c.ops().size(); k++) {
                    Object right = eval(c.rest().get(k), scope);
                    if (!compare(c.ops().get(k), left, right)) yield false;
                    left = right;
                }
                yield true;
            }
            case Expr.Cond c -> Values.truthy(eval(c.cond(), scope))
                    ? eval(c.then(), scope)
                    : c.otherwise() == null ? new Undefined("conditional expression") : eval(c.otherwise(), scope);
        };
    }

    private Object optional(Expr e, Scope scope) {
        return e == null ? null : eval(e, scope);
    }

    private Arguments arguments(String callee, List<Expr> args, Map<String, Expr> kwargs, Scope scope) {
        List<Object> positional = new ArrayList<>();
        for (Expr a : args) positional.add(eval(a, scope));
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (Map.Entry<String, Expr> k : kwargs.entrySet()) keywords.put(k.getKey(), eval(k.getValue(), scope));
        return new Arguments(callee, positional, keywords);
    }

    private Object call(Expr.Call c, Scope scope) {
        if (c.callee() instanceof Expr.Attr a) {
            Object obj = eval(a.obj(), scope);
            if (Methods.has(obj, a.name())) return Methods.call(obj, a.name(), arguments(a.name(), c.args(), c.kwargs(), scope));
            Object f = attribute(obj, a.name(), describe(a));
            if (f instanceof JinjaFunction fn) return invoke(fn, a.name(), c, scope);
            if (obj instanceof Undefined u) {
                throw new EvalException("undefined value '" + u.name() + "' has no method '" + a.name() + "'");
            }
            throw new EvalException("'" + Values.typeName(obj) + "' object has no method '" + a.name() + "'");
        }
        Object f = eval(c.callee(), scope);
        if (f instanceof JinjaFunction fn) return invoke(fn, describe(c.callee()), c, scope);
        if (f instanceof Undefined u) throw new EvalException("unknown function '" + u.name() + "'");
        throw new EvalException("'" + Values.typeName(f) + "' object is not callable");
    }

    private Object invoke(JinjaFunction fn, String callee, Expr.Call c, Scope scope) {
        Arguments a = arguments(callee, c.args(), c.kwargs(), scope);
        return fn.call(a.positional(), a.keywords());
    }

    /** {@code obj.name}: a dict key or namespace attribute; anything missing is undefined. */
    private static Object attribute(Object obj, String attr, String described) {
        if (obj instanceof Map<?, ?> m && m.containsKey(attr)) return m.get(attr);
        if (obj instanceof Namespace ns && ns.attributes.containsKey(attr)) return ns.attributes.get(attr);
        return new Undefined(described);
    }

    /** {@code obj[key]}: dict lookup, list or string index (negative from the end); anything missing is undefined. */
    private static Object item(Object obj, Object key, String described) {
        if (obj instanceof Map<?, ?> m) return m.containsKey(key) ? m.get(key) : new Undefined(described);
        if ((obj instanceof List<?> || obj instanceof String) && (key instanceof Long || key instanceof Boolean)) {
            long k = Values.number(key).longValue();
            int n = obj instanceof List<?> l ? l.size() : ((String) obj).codePointCount(0, ((String) obj).length());
            if (k < 0) k += n;
            if (k < 0 || k >= n) return new Undefined(described);
            if (obj instanceof List<?> l) return l.get((int) k);
            String s = (String) obj;
            return Character.toString(s.codePointAt(s.offsetByCodePoints(0, (int) k)));
        }
        if (key instanceof String s) return attribute(obj, s, described);
        return new Undefined(described);
    }

    /** Python slicing of lists and strings, any step. */
    private static Object slice(Object obj, Object start, Object stop, Object step) {
        for (Object o : new Object[] {start, stop, step}) {
            if (o != null && !(o instanceof Long)) throw new EvalException("slice indices must be integers or none, not " + Values.typeName(o));
        }
        long st = step == null ? 1 : (Long) step;
        if (st == 0) throw new EvalException("slice step cannot be zero");
        List<Object> items;
        if (obj instanceof String s) {
            items = new ArrayList<>();
            s.codePoints().forEach(c -> items.add(Character.toString(c)));
        } else if (obj instanceof List<?> l) {
            items = new ArrayList<>(l);
        } else if (obj instanceof Undefined u) {
            return u;
        } else {
            throw new EvalException("'" + Values.typeName(obj) + "' object is not subscriptable");
        }
        long n = items.size();
        long lower = st > 0 ? 0 : -1;
        long upper = st > 0 ? n : n - 1;
        long a = start == null ? (st > 0 ? lower : upper) : clamp((Long) start, n, lower, upper);
        long b = stop == null ? (st > 0 ? upper : lower) : clamp((Long) stop, n, lower, upper);
        List<Object> out = new ArrayList<>();
        for (long k = a; st > 0 ? k < b : k > b; k += st) out.add(items.get((int) k));
        if (obj instanceof String) {
            StringBuilder sb = new StringBuilder();
            for (Object c : out) sb.append((String) c);
            return sb.toString();
        }
        return out;
    }

    private static long clamp(long index, long n, long lower, long upper) {
        long k = index < 0 ? index + n : index;
        return Math.max(lower, Math.min(upper, k));
    }

    private static Object unary(Expr.Unary u, Object v) {
        if (u.op().equals("not")) return !Values.truthy(v);
        if (v instanceof Undefined un) throw new EvalException("undefined value '" + un.name() + "' used in unary '" + u.op() + "'");
        if (!Values.isNumber(v)) throw new EvalException("bad operand type for unary " + u.op() + ": '" + Values.typeName(v) + "'");
        Number n = Values.number(v);
        if (u.op().equals("+")) return n;
        return n instanceof Long l ? (Object) (-l) : (Object) (-n.doubleValue());
    }

    private Object binary(Expr.Binary b, Scope scope) {
        Object left = eval(b.left(), scope);
        switch (b.op()) {
            case "and" -> {
                return Values.truthy(left) ? eval(b.right(), scope) : left;
            }
            case "or" -> {
                return Values.truthy(left) ? left : eval(b.right(), scope);
            }
            default -> { }
        }
        Object right = eval(b.right(), scope);
        if (b.op().equals("~")) return Values.str(left) + Values.str(right);
        if (left instanceof Undefined u) throw new EvalException("undefined value '" + u.name() + "' used in '" + b.op() + "'");
        if (right instanceof Undefined u) throw new EvalException("undefined value '" + u.name() + "' used in '" + b.op() + "'");
        return Operators.arithmetic(b.op(), left, right);
    }

    private static boolean compare(String op, Object left, Object right) {
        return switch (op) {
            case "==" -> Values.equal(left, right);
            case "!=" -> !Values.equal(left, right);
            case "in" -> Operators.contains(right, left);
            case "not in" -> !Operators.contains(right, left);
            default -> {
                if (left instanceof Undefined || right instanceof Undefined) yield false;
                int c = Values.compare(left, right, op);
                yield switch (op) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
            }
        };
    }

    /** How an expression reads in messages about undefined values: "message.tool_calls", "messages[0]". */
    private static String describe(Expr e) {
        return switch (e) {
            case Expr.Var v -> v.name();
            case Expr.Attr a -> describe(a.obj()) + "." + a.name();
            case Expr.Item i -> describe(i.obj()) + "[" + (i.key() instanceof Expr.Const c ? Values.repr(c.value()) : "...") + "]";
            case Expr.Call c -> describe(c.callee()) + "()";
            case Expr.Filter f -> describe(f.obj()) + "|" + f.name();
            case Expr.Const c -> Values.repr(c.value());
            default -> "expression";
        };
    }
}
