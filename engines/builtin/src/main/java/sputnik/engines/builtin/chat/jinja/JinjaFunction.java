package sputnik.engines.builtin.chat.jinja;

import java.util.List;
import java.util.Map;

/** A callable value, such as the globals {@code range} and {@code namespace}: positional and keyword arguments in. */
@FunctionalInterface
interface JinjaFunction {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
