package sputnik.engines.builtin.chat.jinja;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tests of {@code x is name} that chat templates use, with Jinja2's definitions (a bool is a number, a string is
 * iterable, undefined is iterable as empty). The parser consults {@link #exists} so an unknown test fails early.
 */
final class Tests {
    private static final Set<String> NAMES = Set.of("defined", "undefined", "none", "string", "number", "integer",
            "float", "mapping", "iterable", "sequence", "true", "false", "boolean", "callable", "eq", "equalto", "ne",
            "odd", "even");

    private Tests() { }

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    static boolean apply(String name, Object v, List<Object> args) {
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "string" -> v instanceof String;
            case "number" -> Values.isNumber(v);
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "mapping" -> v instanceof Map;
            case "iterable" -> v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined;
            case "sequence" -> v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "boolean" -> v instanceof Boolean;
            case "callable" -> v instanceof JinjaFunction;
            case "eq", "equalto" -> Values.equal(v, argument(name, args));
            case "ne" -> !Values.equal(v, argument(name, args));
            case "odd", "even" -> {
                if (!(v instanceof Long l)) throw new EvalException("test '" + name + "' needs an int, not " + Values.typeName(v));
                yield (l % 2 != 0) == name.equals("odd");
            }
            default -> throw new EvalException("unknown test '" + name + "'");
        };
    }

    private static Object argument(String name, List<Object> args) {
        if (args.size() != 1) throw new EvalException("test '" + name + "' takes one argument");
        return args.getFirst();
    }
}
