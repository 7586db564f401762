package sputnik.engines.builtin.chat.jinja;

import java.util.List;
import java.util.Map;

/**
 * The arguments of one filter, method or function call, looked up by position or keyword as Python binds them,
 * so each filter states its signature in one line instead of unpacking lists by hand.
 */
record Arguments(String callee, List<Object> positional, Map<String, Object> keywords) {
    /** Argument index (0-based) or keyword name, else the fallback. */
    Object get(int index, String keyword, Object fallback) {
        if (index < positional.size()) return positional.get(index);
        return keywords.containsKey(keyword) ? keywords.get(keyword) : fallback;
    }

    /** A required argument. */
    Object require(int index, String keyword) {
        if (index < positional.size()) return positional.get(index);
        if (keywords.containsKey(keyword)) return keywords.get(keyword);
        throw new EvalException(callee + "() missing argument '" + keyword + "'");
    }

    String string(int index, String keyword, String fallback) {
        Object v = get(index, keyword, fallback);
        if (v == null || v instanceof String) return (String) v;
        throw new EvalException(callee + "() argument '" + keyword + "' must be str, not " + Values.typeName(v));
    }

    long integer(int index, String keyword, long fallback) {
        Object v = get(index, keyword, fallback);
        if (v instanceof Long l) return l;
        throw new EvalException(callee + "() argument '" + keyword + "' must be int, not " + Values.typeName(v));
    }
}
