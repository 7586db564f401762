package sputnik.engines.builtin.chat.jinja;

/**
 * One lexical unit of a template: a run of literal text, the delimiters of {@code {{ }}} and {@code {% %}} tags
 * (whitespace control already applied by the {@link Lexer}), or a token of the expression language inside them.
 *
 * @param value the decoded literal for STRING (String), INT (Long) and FLOAT (Double) tokens, else null
 * @param line the 1-based line where the token starts, for error messages
 */
record Token(Kind kind, String text, Object value, int line) {
    enum Kind { TEXT, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INT, FLOAT, OP, EOF }

    boolean isOp(String op) {
        return kind == Kind.OP && text.equals(op);
    }

    boolean isName(String name) {
        return kind == Kind.NAME && text.equals(name);
    }

    /** How the token reads in an "unexpected token" message. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of template";
            case VAR_END -> "end of tag '}}'";
            case BLOCK_END -> "end of tag '%}'";
            case VAR_BEGIN -> "'{{'";
            case BLOCK_BEGIN -> "'{%'";
            case TEXT -> "text";
            default -> "'" + text + "'";
        };
    }
}
