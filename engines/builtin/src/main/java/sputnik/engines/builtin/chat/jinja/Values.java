package sputnik.engines.builtin.chat.jinja;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value model of the evaluator and the Python semantics templates rely on: truthiness, {@code str()} and
 * {@code repr()}, equality and ordering, iteration, whitespace stripping and {@code json.dumps}. Values are String,
 * Long, Double, Boolean, null (none), List (lists and tuples), Map (dicts, insertion ordered), {@link Undefined},
 * {@link Namespace} and {@link JinjaFunction}; {@link #fromJava} brings caller values into that model.
 */
final class Values {
    private Values() { }

    /** Deep copy of a caller's value into the evaluator's model (Integer to Long, Float to Double, mutable lists). */
    static Object fromJava(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer n -> n.longValue();
            case Short n -> n.longValue();
            case Byte n -> n.longValue();
            case Double d -> d;
            case Float f -> (double) f;
            case Character c -> c.toString();
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                for (Object o : list) out.add(fromJava(o));
                yield out;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) out.put(fromJava(e.getKey()), fromJava(e.getValue()));
                yield out;
            }
            default -> throw new EvalException("unsupported variable value of type " + v.getClass().getName());
        };
    }

    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0;
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** Python's type name, for error messages. */
    static String typeName(Object v) {
        return switch (v) {
            case null -> "NoneType";
            case Undefined u -> "Undefined";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "float";
            case String s -> "str";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Namespace n -> "Namespace";
            default -> "function";
        };
    }

    /** Python's {@code str()}, which is what {@code {{ }}} prints; undefined prints as nothing. */
    static String str(Object v) {
        return switch (v) {
            case null -> "None";
            case String s -> s;
            case Undefined u -> "";
            default -> repr(v);
        };
    }

    /** Python's {@code repr()}, used for the items of printed lists and dicts. */
    static String repr(Object v) {
        return switch (v) {
            case null -> "None";
            case Undefined u -> "";
            case Boolean b -> b ? "True" : "False";
            case Long l -> l.toString();
            case Double d -> pyFloat(d);
            case String s -> reprString(s);
            case List<?> list -> {
                StringBuilder sb = new StringBuilder("[");
                for (int k = 0; k < list.size(); k++) sb.append(k == 0 ? "" : ", ").append(repr(list.get(k)));
                yield sb.append(']').toString();
            }
            case Map<?, ?> map -> {
                StringBuilder sb = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    sb.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                    first = false;
                }
                yield sb.append('}').toString();
            }
            default -> v.toString();
        };
    }

    private static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == quote) sb.append('\\');
                    sb.append(c);
                }
            }
        }
        return sb.append(quote).toString();
    }

    /** A double as Python's {@code repr(float)} writes it: shortest round-trip digits, "1.0", "1e-05", "1e+16". */
    static String pyFloat(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp >= -4 && exp < 16) {
            String s = bd.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = bd.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int a = Math.abs(exp);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (a < 10 ? "0" : "") + a;
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    /** A number operand: Long, Double, or a Boolean as 0/1 as Python treats it. */
    static Number number(Object v) {
        return v instanceof Boolean b ? (Long) (b ? 1L : 0L) : (Number) v;
    }

    /** Python's {@code ==}: 1 == 1.0 == True, lists and dicts compare by content; undefined equals only undefined. */
    static boolean equal(Object a, Object b) {
        if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
        if (a == null || b == null) return a == b;
        if (isNumber(a) && isNumber(b)) {
            Number x = number(a);
            Number y = number(b);
            if (x instanceof Long l && y instanceof Long m) return l.longValue() == m.longValue();
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> l && b instanceof List<?> m) {
            if (l.size() != m.size()) return false;
            for (int k = 0; k < l.size(); k++) if (!equal(l.get(k), m.get(k))) return false;
            return true;
        }
        if (a instanceof Map<?, ?> l && b instanceof Map<?, ?> m) {
            if (l.size() != m.size()) return false;
            for (Map.Entry<?, ?> e : l.entrySet()) {
                if (!m.containsKey(e.getKey()) || !equal(e.getValue(), m.get(e.getKey()))) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    /** Python's ordering of numbers, strings and lists; anything else is a type error. */
    static int compare(Object a, Object b, String op) {
        if (isNumber(a) && isNumber(b)) {
            Number x = number(a);
            Number y = number(b);
            if (x instanceof Long l && y instanceof Long m) return Long.compare(l, m);
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String s && b instanceof String t) return s.compareTo(t);
        if (a instanceof List<?> l && b instanceof List<?> m) {
            for (int k = 0; k < Math.min(l.size(), m.size()); k++) {
                if (!equal(l.get(k), m.get(k))) return compare(l.get(k), m.get(k), op);
            }
            return Integer.compare(l.size(), m.size());
        }
        throw new EvalException("'" + op + "' not supported between '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    /** The items a for loop or filter walks: list items, dict keys, string characters; undefined is empty. */
    static List<Object> iterate(Object v) {
        return switch (v) {
            case null -> throw new EvalException("'NoneType' object is not iterable");
            case Undefined u -> List.of();
            case List<?> l -> Collections.unmodifiableList(new ArrayList<>(l));
            case Map<?, ?> m -> List.copyOf(m.keySet());
            case String s -> {
                List<Object> chars = new ArrayList<>();
                s.codePoints().forEach(c -> chars.add(Character.toString(c)));
                yield chars;
            }
            default -> throw new EvalException("'" + typeName(v) + "' object is not iterable");
        };
    }

    /** Python's {@code str.isspace()} for one code point. */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    /** Python's {@code str.lstrip(chars)}; chars null strips whitespace. */
    static String lstrip(String s, String chars) {
        int b = 0;
        while (b < s.length() && strippable(s.charAt(b), chars)) b++;
        return s.substring(b);
    }

    /** Python's {@code str.rstrip(chars)}; chars null strips whitespace. */
    static String rstrip(String s, String chars) {
        int e = s.length();
        while (e > 0 && strippable(s.charAt(e - 1), chars)) e--;
        return s.substring(0, e);
    }

    static String strip(String s, String chars) {
        return lstrip(rstrip(s, chars), chars);
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(c) >= 0;
    }

    /**
     * {@code json.dumps(v, ensure_ascii=False)} as transformers' {@code tojson} filter calls it: separators
     * {@code ", "} and {@code ": "}, or {@code ","} and newlines plus indent when indent is given.
     */
    static String toJson(Object v, String indent) {
        StringBuilder sb = new StringBuilder();
        json(sb, v, indent, 0);
        return sb.toString();
    }

    private static void json(StringBuilder sb, Object v, String indent, int depth) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Long l -> sb.append(l);
            case Double d -> sb.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : pyFloat(d));
            case String s -> jsonString(sb, s);
            case List<?> list -> {
                if (list.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append('[');
                for (int k = 0; k < list.size(); k++) {
                    separator(sb, indent, depth + 1, k == 0);
                    json(sb, list.get(k), indent, depth + 1);
                }
                close(sb, indent, depth).append(']');
            }
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    separator(sb, indent, depth + 1, first);
                    first = false;
                    Object key = e.getKey();
                    if (key instanceof String s) jsonString(sb, s);
                    else if (key == null || key instanceof Boolean) jsonString(sb, key == null ? "null" : key.toString());
                    else if (key instanceof Long || key instanceof Double) jsonString(sb, repr(key));
                    else throw new EvalException("keys must be str, int, float, bool or None, not " + typeName(key));
                    sb.append(": ");
                    json(sb, e.getValue(), indent, depth + 1);
                }
                close(sb, indent, depth).append('}');
            }
            default -> throw new EvalException("Object of type " + typeName(v) + " is not JSON serializable");
        }
    }

    private static void separator(StringBuilder sb, String indent, int depth, boolean first) {
        if (indent == null) {
            if (!first) sb.append(", ");
            return;
        }
        if (!first) sb.append(',');
        sb.append('\n').append(indent.repeat(depth));
    }

    private static StringBuilder close(StringBuilder sb, String indent, int depth) {
        if (indent != null) sb.append('\n').append(indent.repeat(depth));
        return sb;
    }

    /** A JSON string as Python's {@code json.dumps(s, ensure_ascii=False)} writes it, which Jackson's encoder does too. */
    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
    }
}
