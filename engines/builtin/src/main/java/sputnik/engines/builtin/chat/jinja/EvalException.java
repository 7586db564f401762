package sputnik.engines.builtin.chat.jinja;

/**
 * A failure inside a value operation (a filter, a method, an operator) that does not know where in the template it
 * runs; the {@link Evaluator} catches it at the expression being evaluated and turns it into a
 * {@link JinjaException} carrying the template name and line.
 */
final class EvalException extends RuntimeException {
    EvalException(String message) {
        super(message);
    }
}
