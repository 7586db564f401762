package sputnik.datasets.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a normalised answer into tokens. Letters are single tokens ("xy" is x times y, as in LaTeX),
 * except a run of letters that is a whole function or constant name written without a backslash
 * ("sqrt(2)", "pi", "sin x"), which models type in plain-text answers.
 */
final class Lexer {

    private static final Map<String, String> WORD_COMMANDS = Map.ofEntries(
            Map.entry("sqrt", "\\sqrt"), Map.entry("sin", "\\sin"), Map.entry("cos", "\\cos"),
            Map.entry("tan", "\\tan"), Map.entry("cot", "\\cot"), Map.entry("sec", "\\sec"),
            Map.entry("csc", "\\csc"), Map.entry("arcsin", "\\arcsin"), Map.entry("arccos", "\\arccos"),
            Map.entry("arctan", "\\arctan"), Map.entry("sinh", "\\sinh"), Map.entry("cosh", "\\cosh"),
            Map.entry("tanh", "\\tanh"), Map.entry("ln", "\\ln"), Map.entry("log", "\\log"),
            Map.entry("exp", "\\exp"), Map.entry("pi", "\\pi"), Map.entry("infty", "\\infty"),
            Map.entry("inf", "\\infty"), Map.entry("infinity", "\\infty"), Map.entry("gcd", "\\gcd"),
            Map.entry("lcm", "\\lcm"), Map.entry("max", "\\max"), Map.entry("min", "\\min"));

    private static final String SYMBOLS = "+-*/^_()[]{},=<>|!&'";

    private Lexer() {}

    static List<Token> tokenize(String s) throws ParseException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isDigit(c) || (c == '.' && i + 1 < s.length() && isDigit(s.charAt(i + 1)))) {
                int end = i;
                while (end < s.length() && isDigit(s.charAt(end))) end++;
                if (end < s.length() && s.charAt(end) == '.') {
                    end++;
                    while (end < s.length() && isDigit(s.charAt(end))) end++;
                }
                tokens.add(new Token(Token.Kind.NUMBER, s.substring(i, end)));
                i = end;
            } else if (isLetter(c)) {
                int end = i;
                while (end < s.length() && isLetter(s.charAt(end))) end++;
                String run = s.substring(i, end);
                String command = run.length() > 1 ? WORD_COMMANDS.get(run.toLowerCase(Locale.ROOT)) : null;
                if (command != null) {
                    tokens.add(new Token(Token.Kind.COMMAND, command));
                } else {
                    for (int k = i; k < end; k++) tokens.add(new Token(Token.Kind.LETTER, String.valueOf(s.charAt(k))));
                }
                i = end;
            } else if (c == '\\') {
                if (i + 1 >= s.length()) throw new ParseException("a lone backslash");
                char next = s.charAt(i + 1);
                if (isLetter(next)) {
                    int end = i + 1;
                    while (end < s.length() && isLetter(s.charAt(end))) end++;
                    tokens.add(new Token(Token.Kind.COMMAND, s.substring(i, end)));
                    i = end;
                } else if (next == ',' || next == ';' || next == ':' || next == '!' || next == ' ') {
                    i += 2; // spacing the normaliser did not see (it only runs once)
                } else {
                    tokens.add(new Token(Token.Kind.COMMAND, s.substring(i, i + 2)));
                    i += 2;
                }
            } else if ((c == '<' || c == '>' || c == '!') && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                tokens.add(new Token(Token.Kind.SYMBOL, c + "="));
                i += 2;
            } else if (SYMBOLS.indexOf(c) >= 0) {
                tokens.add(new Token(Token.Kind.SYMBOL, String.valueOf(c)));
                i++;
            } else {
                throw new ParseException("unexpected character '" + c + "'");
            }
        }
        tokens.add(Token.END);
        return tokens;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
