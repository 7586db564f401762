package sputnik.engines.builtin.chat.jinja;

/**
 * A chat template that cannot be parsed or rendered. The message always names the template and, where the
 * failure has a place, its line and the construct at fault, so a user whose GGUF file carries an unusual template
 * can see exactly what Sputnik's Jinja subset lacks instead of getting a silently wrong prompt.
 */
public final class JinjaException extends RuntimeException {
    private final String templateName;
    private final int line;

    private JinjaException(String message, String templateName, int line) {
        super(message);
        this.templateName = templateName;
        this.line = line;
    }

    /** A failure at a line of the template: "chat template NAME, line 3: unsupported statement 'macro'". */
    static JinjaException at(String templateName, int line, String detail) {
        return new JinjaException("chat template " + templateName + ", line " + line + ": " + detail, templateName, line);
    }

    /** A failure with no place in the template, such as a variable of a type templates cannot hold. */
    static JinjaException of(String templateName, String detail) {
        return new JinjaException("chat template " + templateName + ": " + detail, templateName, -1);
    }

    /** The template itself gave up through {@code raise_exception(msg)}: "chat template NAME raised: msg". */
    static JinjaException raised(String templateName, String message) {
        return new JinjaException("chat template " + templateName + " raised: " + message, templateName, -1);
    }

    /** The name the template was parsed under. */
    public String templateName() {
        return templateName;
    }

    /** The 1-based line of the failure, or -1 where the failure has no line (the template raised it itself, or a variable was unusable). */
    public int line() {
        return line;
    }
}
