package sputnik.engines.builtin.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Python methods templates call on values, such as {@code content.split('</think>')[-1].lstrip('\n')} in
 * Qwen3's template or {@code message.get('content')}: the common str methods, dict {@code items/keys/values/get} and
 * list {@code append}, each with CPython's results (split with and without a separator, strip with a char set).
 */
final class Methods {
    private static final Set<String> STRING = Set.of("startswith", "endswith", "split", "rsplit", "strip", "lstrip",
            "rstrip", "replace", "upper", "lower", "title", "capitalize", "find", "rfind", "count", "join", "isdigit",
            "isspace", "isalpha", "isalnum");
    private static final Set<String> DICT = Set.of("items", "keys", "values", "get");
    private static final Set<String> LIST = Set.of("append", "index", "count");

    private Methods() { }

    static boolean has(Object obj, String name) {
        return switch (obj) {
            case String s -> STRING.contains(name);
            case Map<?, ?> m -> DICT.contains(name);
            case List<?> l -> LIST.contains(name);
            case null, default -> false;
        };
    }

    static Object call(Object obj, String name, Arguments a) {
        return switch (obj) {
            case String s -> string(s, name, a);
            case Map<?, ?> m -> dict(m, name, a);
            case List<?> l -> list(l, name, a);
            case null, default -> throw new EvalException("'" + Values.typeName(obj) + "' object has no method '" + name + "'");
        };
    }

    private static Object string(String s, String name, Arguments a) {
        return switch (name) {
            case "startswith", "endswith" -> {
                Object p = a.require(0, "prefix");
                List<Object> options = p instanceof List<?> l ? new ArrayList<>(l) : List.of(p);
                boolean hit = false;
                for (Object o : options) {
                    if (!(o instanceof String t)) throw new EvalException(name + "() argument must be str, not " + Values.typeName(o));
                    hit |= name.equals("startswith") ? s.startsWith(t) : s.endsWith(t);
                }
                yield hit;
            }
            case "split" -> split(s, a.string(0, "sep", null), a.integer(1, "maxsplit", -1));
            case "rsplit" -> rsplit(s, a.string(0, "sep", null), a.integer(1, "maxsplit", -1));
            case "strip" -> Values.strip(s, a.string(0, "chars", null));
            case "lstrip" -> Values.lstrip(s, a.string(0, "chars", null));
            case "rstrip" -> Values.rstrip(s, a.string(0, "chars", null));
            case "replace" -> replace(s, a.string(0, "old", null), a.string(1, "new", null), a.integer(2, "count", -1));
            case "upper" -> s.toUpperCase();
            case "lower" -> s.toLowerCase();
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase() + s.substring(1).toLowerCase();
            case "find" -> (long) s.indexOf(a.string(0, "sub", null));
            case "rfind" -> (long) s.lastIndexOf(a.string(0, "sub", null));
            case "count" -> {
                String sub = a.string(0, "sub", null);
                if (sub.isEmpty()) yield (long) s.length() + 1;
                long n = 0;
                for (int k = s.indexOf(sub); k >= 0; k = s.indexOf(sub, k + sub.length())) n++;
                yield n;
            }
            case "join" -> {
                StringBuilder sb = new StringBuilder();
                List<Object> items = Values.iterate(a.require(0, "iterable"));
                for (int k = 0; k < items.size(); k++) {
                    if (!(items.get(k) instanceof String t)) throw new EvalException("join() expects str items, not " + Values.typeName(items.get(k)));
                    sb.append(k == 0 ? "" : s).append(t);
                }
                yield sb.toString();
            }
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Values::isSpace);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            default -> throw new EvalException("'str' object has no method '" + name + "'");
        };
    }

    private static Object dict(Map<?, ?> m, String name, Arguments a) {
        return switch (name) {
            case "items" -> items(m);
            case "keys" -> new ArrayList<Object>(m.keySet());
            case "values" -> new ArrayList<Object>(m.values());
            case "get" -> {
                Object key = a.require(0, "key");
                yield m.containsKey(key) ? m.get(key) : a.get(1, "default", null);
            }
            default -> throw new EvalException("'dict' object has no method '" + name + "'");
        };
    }

    @SuppressWarnings("unchecked")
    private static Object list(List<?> l, String name, Arguments a) {
        return switch (name) {
            case "append" -> {
                try {
                    ((List<Object>) l).add(a.require(0, "object"));
                } catch (UnsupportedOperationException x) {
                    throw new EvalException("cannot append to an immutable sequence");
                }
                yield null;
            }
            case "index" -> {
                Object x = a.require(0, "value");
                for (int k = 0; k < l.size(); k++) if (Values.equal(l.get(k), x)) yield (long) k;
                throw new EvalException(Values.repr(x) + " is not in list");
            }
            case "count" -> {
                Object x = a.require(0, "value");
                yield l.stream().filter(o -> Values.equal(o, x)).count();
            }
            default -> throw new EvalException("'list' object has no method '" + name + "'");
        };
    }

    /** A dict's {@code (key, value)} pairs, as two-item lists (values may be none). */
    static List<Object> items(Map<?, ?> m) {
        List<Object> pairs = new ArrayList<>(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
            List<Object> pair = new ArrayList<>(2);
            pair.add(e.getKey());
            pair.add(e.getValue());
            pairs.add(java.util.Collections.unmodifiableList(pair));
        }
        return pairs;
    }

    /** Python's {@code str.replace(old, new, count)}; count -1 replaces all. */
    static String replace(String s, String old, String replacement, long count) {
        if (old == null || replacement == null) throw new EvalException("replace() needs two str arguments");
        if (count < 0) return s.replace(old, replacement);
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (long n = 0; n < count; n++) {
            int k = s.indexOf(old, from);
            if (k < 0) break;
            sb.append(s, from, k).append(replacement);
            from = k + old.length();
            if (old.isEmpty()) {
                if (from < s.length()) sb.append(s.charAt(from));
                from++;
                if (from > s.length()) break;
            }
        }
        if (from <= s.length()) sb.append(s, from, s.length());
        return sb.toString();
    }

    /** Python's {@code str.title()}: upper case after every non-letter, lower case elsewhere. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean prevLetter = false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            sb.append(prevLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            prevLetter = Character.isLetter(c);
        }
        return sb.toString();
    }

    private static List<Object> split(String s, String sep, long maxsplit) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int k = 0;
            int n = s.length();
            while (true) {
                while (k < n && Values.isSpace(s.charAt(k))) k++;
                if (k >= n) break;
                if (maxsplit >= 0 && parts.size() == maxsplit) {
                    parts.add(Values.rstrip(s.substring(k), null));
                    break;
                }
                int e = k;
                while (e < n && !Values.isSpace(s.charAt(e))) e++;
                parts.add(s.substring(k, e));
                k = e;
            }
            return parts;
        }
        if (sep.isEmpty()) throw new EvalException("empty separator");
        int from = 0;
        while (maxsplit < 0 || parts.size() < maxsplit) {
            int k = s.indexOf(sep, from);
            if (k < 0) break;
            parts.add(s.substring(from, k));
            from = k + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static List<Object> rsplit(String s, String sep, long maxsplit) {
        if (sep == null || maxsplit < 0) return split(s, sep, maxsplit);
        if (sep.isEmpty()) throw new EvalException("empty separator");
        List<Object> parts = new ArrayList<>();
        int end = s.length();
        while (parts.size() < maxsplit) {
            int k = s.lastIndexOf(sep, end - sep.length());
            if (k < 0) break;
            parts.addFirst(s.substring(k + sep.length(), end));
            end = k;
        }
        parts.addFirst(s.substring(0, end));
        return parts;
    }
}
