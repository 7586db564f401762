package sputnik.engines.builtin.chat.jinja;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables visible at a point of rendering. A for loop opens a child scope, so {@code set} inside a loop does not
 * leak out of it (Jinja2's rule, and the reason templates use {@code namespace}); {@code if} opens none.
 */
final class Scope {
    private final Map<String, Object> vars = new HashMap<>();
    private final Scope parent;

    Scope(Scope parent) {
        this.parent = parent;
    }

    Scope(Scope parent, Map<String, Object> initial) {
        this(parent);
        vars.putAll(initial);
    }

    /** The value of name, or {@link Undefined} if no enclosing scope defines it. */
    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.vars.containsKey(name)) return s.vars.get(name);
        }
        return new Undefined(name);
    }

    void set(String name, Object value) {
        vars.put(name, value);
    }
}
