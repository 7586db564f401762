package sputnik.datasets.math;

/**
 * One lexical unit of a normalised answer.
 *
 * @param kind  what it is
 * @param text  the digits of a number, the letter, the command with its backslash ("\frac", "\{",
 *              "\\" for a row break), or the symbol ("+", "<=")
 */
record Token(Kind kind, String text) {

    enum Kind { NUMBER, LETTER, COMMAND, SYMBOL, END }

    static final Token END = new Token(Kind.END, "<end>");

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isSymbol(String t) {
        return is(Kind.SYMBOL, t);
    }

    boolean isCommand(String t) {
        return is(Kind.COMMAND, t);
    }
}
