package sputnik.engines.builtin.chat.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable object {@code namespace(k=v, ...)} returns. Jinja2 scopes {@code set} to the enclosing loop, so chat
 * templates carry state out of loops ({@code set ns.last_query_index = index}) through one of these.
 */
final class Namespace {
    final Map<String, Object> attributes = new LinkedHashMap<>();

    @Override
    public String toString() {
        return "<Namespace " + attributes + ">";
    }
}
