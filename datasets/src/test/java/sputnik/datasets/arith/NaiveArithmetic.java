package sputnik.datasets.arith;

import java.math.BigInteger;

/**
 * An independent reference for the generator's answers: a textbook recursive-descent evaluator over
 * the question text, in BigInteger, sharing no code with {@link ArithExpression}.
 *
 * <pre>
 * expr   := term (('+' | '-') term)*
 * term   := factor ('*' factor)*
 * factor := number | '-' factor | '(' expr ')'
 * </pre>
 */
final class NaiveArithmetic {

    private final String s;
    private int pos;

    private NaiveArithmetic(String s) {
        this.s = s;
    }

    /** Evaluates "What is 347 * 28 - 91?". */
    static BigInteger answerTo(String question) {
        if (!question.startsWith("What is ") || !question.endsWith("?")) {
            throw new IllegalArgumentException("not an arith question: " + question);
        }
        return evaluate(question.substring("What is ".length(), question.length() - 1));
    }

    static BigInteger evaluate(String expression) {
        NaiveArithmetic parser = new NaiveArithmetic(expression);
        BigInteger value = parser.expr();
        parser.skipSpaces();
        if (parser.pos != expression.length()) throw new IllegalArgumentException("trailing input in " + expression);
        return value;
    }

    private BigInteger expr() {
        BigInteger value = term();
        while (true) {
            if (eat('+')) value = value.add(term());
            else if (eat('-')) value = value.subtract(term());
            else return value;
        }
    }

    private BigInteger term() {
        BigInteger value = factor();
        while (eat('*')) value = value.multiply(factor());
        return value;
    }

    private BigInteger factor() {
        if (eat('-')) return factor().negate();
        if (eat('(')) {
            BigInteger value = expr();
            if (!eat(')')) throw new IllegalArgumentException("missing ) in " + s);
            return value;
        }
        skipSpaces();
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
        if (start == pos) throw new IllegalArgumentException("number expected at " + start + " in " + s);
        return new BigInteger(s.substring(start, pos));
    }

    private boolean eat(char c) {
        skipSpaces();
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < s.length() && s.charAt(pos) == ' ') pos++;
    }
}
