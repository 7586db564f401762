package sputnik.datasets.arith;

import java.util.List;

/**
 * A flat expression {@code a op b op c ...} over + - * with the usual precedence (* before + and -,
 * left to right otherwise). Kept flat on purpose: no parentheses means the question text is the whole
 * specification, and a reader (or a model) needs only school precedence to get the answer.
 */
record ArithExpression(List<Long> operands, List<Character> operators) {

    ArithExpression {
        operands = List.copyOf(operands);
        operators = List.copyOf(operators);
        if (operands.size() != operators.size() + 1) {
            throw new IllegalArgumentException("need one more operand than operators");
        }
    }

    /** The expression as it appears in the question: "347 * 28 - 91". */
    String render() {
        StringBuilder b = new StringBuilder().append(operands.getFirst());
        for (int i = 0; i < operators.size(); i++) {
            b.append(' ').append(operators.get(i)).append(' ').append(operands.get(i + 1));
        }
        return b.toString();
    }

    /**
     * The exact value. Products are folded into the current term and terms are summed, which is
     * precedence for a flat + - * expression. Exact arithmetic so that a future change to operand
     * sizes fails loudly instead of wrapping around.
     */
    long evaluate() {
        long sum = 0;
        long term = operands.getFirst();
        int termSign = 1;
        for (int i = 0; i < operators.size(); i++) {
            long next = operands.get(i + 1);
            switch (operators.get(i)) {
                case '*' -> term = Math.multiplyExact(term, next);
                case '+', '-' -> {
                    sum = Math.addExact(sum, Math.multiplyExact(termSign, term));
                    termSign = operators.get(i) == '+' ? 1 : -1;
                    term = next;
                }
                default -> throw new IllegalStateException("unknown operator " + operators.get(i));
            }
        }
        return Math.addExact(sum, Math.multiplyExact(termSign, term));
    }
}
