package sputnik.engines.builtin.chat.jinja;

/**
 * The value of a missing variable, key or attribute, as Jinja2's default {@code Undefined}: falsy, printed as
 * nothing, iterable as empty, and lenient under further {@code .attr} and {@code [key]} so that tests such as
 * {@code message.tool_calls is defined} work on messages without the key; arithmetic with it is an error.
 *
 * @param name what was looked up ("message.tool_calls"), for error messages
 */
record Undefined(String name) { }
