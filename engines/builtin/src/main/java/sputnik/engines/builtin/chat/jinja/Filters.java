package sputnik.engines.builtin.chat.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filters chat templates use ({@code x | name(args)}), with Jinja2's semantics and transformers' own
 * {@code tojson}. The parser consults {@link #exists} so an unknown filter fails when the template is parsed.
 */
final class Filters {
    private static final Set<String> NAMES = Set.of("length", "count", "tojson", "trim", "string", "lower", "upper",
            "first", "last", "join", "default", "d", "items", "list", "safe", "int", "float", "reverse", "replace",
            "capitalize", "title", "abs", "map", "select", "reject", "selectattr", "rejectattr", "sort", "unique");

    private Filters() { }

    /** {@code map(attribute='a.b', default=...)} or {@code map('filter', args...)}. */
    private static List<Object> map(Object v, Arguments a) {
        List<Object> out = new ArrayList<>();
        if (a.keywords().containsKey("attribute")) {
            String attr = Values.str(a.keywords().get("attribute"));
            Object dflt = a.keywords().get("default");
            for (Object item : Values.iterate(v)) {
                Object x = attribute(item, attr);
                out.add(x instanceof Undefined && a.keywords().containsKey("default") ? dflt : x);
            }
            return out;
        }
        String filter = Values.str(a.require(0, "filter"));
        if (!exists(filter)) throw new EvalException("unknown filter '" + filter + "' in map()");
        Arguments rest = new Arguments(filter, a.positional().subList(1, a.positional().size()), a.keywords());
        for (Object item : Values.iterate(v)) out.add(apply(filter, item, rest));
        return out;
    }

    /** Whether {@code v} passes test {@code test} with {@code args} (null: is truthy), as select/reject ask. */
    private static boolean passes(Object v, String test, List<Object> args) {
        if (test == null) return Values.truthy(v);
        if (!Tests.exists(test)) throw new EvalException("unknown test '" + test + "'");
        return Tests.apply(test, v, args);
    }

    /** {@code obj.a.b} for a dotted attribute name, as Jinja's attribute filters look it up; missing parts are undefined. */
    private static Object attribute(Object obj, String dotted) {
        Object o = obj;
        for (String part : dotted.split("\\.")) {
            if (o instanceof Map<?, ?> m && m.containsKey(part)) o = m.get(part);
            else if (o instanceof Namespace ns && ns.attributes.containsKey(part)) o = ns.attributes.get(part);
            else if (o instanceof List<?> l && part.matches("\\d+") && Integer.parseInt(part) < l.size()) o = l.get(Integer.parseInt(part));
            else return new Undefined(dotted);
        }
        return o;
    }

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    static Object apply(String name, Object v, Arguments a) {
        return switch (name) {
            case "length", "count" -> (long) length(v);
            case "tojson" -> {
                Object indent = a.get(0, "indent", null);
                String unit = indent == null ? null : indent instanceof Long n ? " ".repeat(n.intValue()) : Values.str(indent);
                yield Values.toJson(v, unit);
            }
            case "trim" -> Values.strip(Values.str(v), a.string(0, "chars", null));
            case "string" -> Values.str(v);
            case "lower" -> Values.str(v).toLowerCase();
            case "upper" -> Values.str(v).toUpperCase();
            case "capitalize" -> capitalize(Values.str(v));
            case "title" -> Methods.title(Values.str(v));
            case "first" -> {
                List<Object> items = Values.iterate(v);
                yield items.isEmpty() ? new Undefined("first item") : items.getFirst();
            }
            case "last" -> {
                List<Object> items = Values.iterate(v);
                yield items.isEmpty() ? new Undefined("last item") : items.getLast();
            }
            case "join" -> {
                String sep = Values.str(a.get(0, "d", ""));
                StringBuilder sb = new StringBuilder();
                List<Object> items = Values.iterate(v);
                for (int k = 0; k < items.size(); k++) sb.append(k == 0 ? "" : sep).append(Values.str(items.get(k)));
                yield sb.toString();
            }
            case "default", "d" -> {
                boolean useFalsy = Values.truthy(a.get(1, "boolean", false));
                yield v instanceof Undefined || (useFalsy && !Values.truthy(v)) ? a.get(0, "default_value", "") : v;
            }
            case "items" -> {
                if (v instanceof Undefined) yield List.of();
                if (!(v instanceof Map<?, ?> m)) throw new EvalException("items filter needs a dict, not " + Values.typeName(v));
                yield Methods.items(m);
            }
            case "list" -> new ArrayList<>(Values.iterate(v));
            case "safe" -> v;
            case "int" -> toInt(v, a.get(0, "default", 0L));
            case "float" -> toFloat(v, a.get(0, "default", 0.0));
            case "abs" -> {
                if (!Values.isNumber(v)) throw new EvalException("bad operand type for abs(): '" + Values.typeName(v) + "'");
                Number n = Values.number(v);
                yield n instanceof Long l ? (Object) Math.abs(l) : (Object) Math.abs(n.doubleValue());
            }
            case "reverse" -> {
                if (v instanceof String s) yield new StringBuilder(s).reverse().toString();
                List<Object> items = new ArrayList<>(Values.iterate(v));
                Collections.reverse(items);
                yield items;
            }
            case "replace" -> Methods.replace(Values.str(v), Values.str(a.require(0, "old")), Values.str(a.require(1, "new")),
                    a.integer(2, "count", -1));
            case "map" -> map(v, a);
            case "select", "reject" -> {
                String test = a.positional().isEmpty() ? null : Values.str(a.positional().getFirst());
                List<Object> rest = a.positional().size() > 1 ? a.positional().subList(1, a.positional().size()) : List.of();
                List<Object> out = new ArrayList<>();
                for (Object item : Values.iterate(v)) if (passes(item, test, rest) == name.equals("select")) out.add(item);
                yield out;
            }
            case "selectattr", "rejectattr" -> {
                String attr = Values.str(a.require(0, "attribute"));
                String test = a.positional().size() > 1 ? Values.str(a.positional().get(1)) : null;
                List<Object> rest = a.positional().size() > 2 ? a.positional().subList(2, a.positional().size()) : List.of();
                List<Object> out = new ArrayList<>();
                for (Object item : Values.iterate(v)) if (passes(attribute(item, attr), test, rest) == name.equals("selectattr")) out.add(item);
                yield out;
            }
            case "sort" -> {
                boolean reverse = Values.truthy(a.get(0, "reverse", false));
                Object attr = a.get(2, "attribute", null);
                List<Object> items = new ArrayList<>(Values.iterate(v));
                items.sort((x, y) -> Values.compare(attr == null ? x : attribute(x, Values.str(attr)), attr == null ? y : attribute(y, Values.str(attr)), "<"));
                if (reverse) Collections.reverse(items);
                yield items;
            }
            case "unique" -> {
                List<Object> out = new ArrayList<>();
                for (Object item : Values.iterate(v)) {
                    boolean seen = false;
                    for (Object o : out) seen |= Values.equal(o, item);
                    if (!seen) out.add(item);
                }
                yield out;
            }
            default -> throw new EvalException("unknown filter '" + name + "'");
        };
    }

    static int length(Object v) {
        return switch (v) {
            case null -> throw new EvalException("object of type 'NoneType' has no len()");
            case Undefined u -> 0;
            case String s -> s.codePointCount(0, s.length());
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            default -> throw new EvalException("object of type '" + Values.typeName(v) + "' has no len()");
        };
    }

    private static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int first = s.codePointAt(0);
        int n = Character.charCount(first);
        return Character.toString(Character.toUpperCase(first)) + s.substring(n).toLowerCase();
    }

    private static Object toInt(Object v, Object fallback) {
        return switch (v) {
            case null -> fallback;
            case Long l -> l;
            case Boolean b -> b ? 1L : 0L;
            case Double d -> (long) d.doubleValue();
            case String s -> {
                try {
                    yield Long.parseLong(s.strip().replace("_", ""));
                } catch (NumberFormatException x) {
                    try {
                        yield (long) Double.parseDouble(s.strip());
                    } catch (NumberFormatException y) {
                        yield fallback;
                    }
                }
            }
            default -> fallback;
        };
    }

    private static Object toFloat(Object v, Object fallback) {
        return switch (v) {
            case null -> fallback;
            case Long l -> (double) l;
            case Boolean b -> b ? 1.0 : 0.0;
            case Double d -> d;
            case String s -> {
                try {
                    yield Double.parseDouble(s.strip());
                } catch (NumberFormatException x) {
                    yield fallback;
                }
            }
            default -> fallback;
        };
    }
}
