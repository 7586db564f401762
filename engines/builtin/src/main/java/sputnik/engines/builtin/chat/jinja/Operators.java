package sputnik.engines.builtin.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's arithmetic and membership on template values: int arithmetic stays int (floor division and modulo round
 * toward negative infinity), {@code /} gives a float, {@code +} also joins strings and lists, {@code *} repeats them.
 */
final class Operators {
    private Operators() { }

    static Object arithmetic(String op, Object l, Object r) {
        if (Values.isNumber(l) && Values.isNumber(r)) return numbers(op, Values.number(l), Values.number(r));
        switch (op) {
            case "+" -> {
                if (l instanceof String a && r instanceof String b) return a + b;
                if (l instanceof List<?> a && r instanceof List<?> b) {
                    List<Object> out = new ArrayList<>(a);
                    out.addAll(b);
                    return out;
                }
            }
            case "*" -> {
                if (r instanceof Long n && (l instanceof String || l instanceof List)) return repeat(l, n);
                if (l instanceof Long n && (r instanceof String || r instanceof List)) return repeat(r, n);
            }
            default -> { }
        }
        throw new EvalException("unsupported operand types for " + op + ": '" + Values.typeName(l) + "' and '"
                + Values.typeName(r) + "'");
    }

    private static Object repeat(Object v, long n) {
        if (v instanceof String s) return n <= 0 ? "" : s.repeat((int) n);
        List<Object> out = new ArrayList<>();
        for (long k = 0; k < n; k++) out.addAll((List<?>) v);
        return out;
    }

    private static Object numbers(String op, Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            long p = x;
            long q = y;
            return switch (op) {
                case "+" -> p + q;
                case "-" -> p - q;
                case "*" -> p * q;
                case "/" -> {
                    if (q == 0) throw new EvalException("division by zero");
                    yield (double) p / q;
                }
                case "//" -> {
                    if (q == 0) throw new EvalException("integer division or modulo by zero");
                    yield Math.floorDiv(p, q);
                }
                case "%" -> {
                    if (q == 0) throw new EvalException("integer division or modulo by zero");
                    yield Math.floorMod(p, q);
                }
                case "**" -> q >= 0 ? (Object) power(p, q) : (Object) Math.pow(p, q);
                default -> throw new EvalException("unknown operator '" + op + "'");
            };
        }
        double p = a.doubleValue();
        double q = b.doubleValue();
        return switch (op) {
            case "+" -> p + q;
            case "-" -> p - q;
            case "*" -> p * q;
            case "/" -> {
                if (q == 0) throw new EvalException("float division by zero");
                yield p / q;
            }
            case "//" -> {
                if (q == 0) throw new EvalException("float floor division by zero");
                yield Math.floor(p / q);
            }
            case "%" -> {
                if (q == 0) throw new EvalException("float modulo");
                yield p - q * Math.floor(p / q);
            }
            case "**" -> Math.pow(p, q);
            default -> throw new EvalException("unknown operator '" + op + "'");
        };
    }

    private static long power(long base, long exp) {
        long r = 1;
        for (long k = 0; k < exp; k++) r = Math.multiplyExact(r, base);
        return r;
    }

    /** Python's {@code item in container}: substring, list membership or dict key; nothing is in undefined. */
    static boolean contains(Object container, Object item) {
        return switch (container) {
            case null -> throw new EvalException("argument of type 'NoneType' is not iterable");
            case Undefined u -> false;
            case String s -> {
                if (!(item instanceof String t)) {
                    throw new EvalException("'in <string>' requires string as left operand, not " + Values.typeName(item));
                }
                yield s.contains(t);
            }
            case List<?> l -> l.stream().anyMatch(o -> Values.equal(o, item));
            case Map<?, ?> m -> m.keySet().stream().anyMatch(k -> Values.equal(k, item));
            default -> throw new EvalException("argument of type '" + Values.typeName(container) + "' is not iterable");
        };
    }
}
