package sputnik.datasets.arith;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the arith suite's problems from a fixed seed. The order of random draws is part of the
 * dataset: changing anything here changes the problems, which the pinned hash in
 * {@link ArithSuiteProvider} then catches, so the suite version must be bumped with it.
 */
final class ArithProblemGenerator {

    static final long SEED = 0x5EED_A217_2025L;
    static final int PROBLEM_COUNT = 200;

    private static final char[] OPERATORS = {'+', '-', '*'};
    private static final int MIN_OPERATIONS = 2;
    private static final int MAX_OPERATIONS = 3;
    private static final int MIN_DIGITS = 2;
    private static final int MAX_DIGITS = 4;

    private ArithProblemGenerator() {}

    static List<ArithItem> generate() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<ArithItem> items = new ArrayList<>(PROBLEM_COUNT);
        for (int i = 0; i < PROBLEM_COUNT; i++) {
            ArithExpression expression = nextExpression(random);
            items.add(new ArithItem(
                    "arith-%03d".formatted(i), "What is " + expression.render() + "?", expression.evaluate()));
        }
        return items;
    }

    private static ArithExpression nextExpression(SplittableRandom random) {
        int operations = random.nextInt(MIN_OPERATIONS, MAX_OPERATIONS + 1);
        List<Long> operands = new ArrayList<>(operations + 1);
        List<Character> operators = new ArrayList<>(operations);
        operands.add(nextOperand(random));
        for (int k = 0; k < operations; k++) {
            operators.add(OPERATORS[random.nextInt(OPERATORS.length)]);
            operands.add(nextOperand(random));
        }
        return new ArithExpression(operands, operators);
    }

    /** A number with 2 to 4 digits (no leading zero), so every operand is visibly multi-digit. */
    private static long nextOperand(SplittableRandom random) {
        int digits = random.nextInt(MIN_DIGITS, MAX_DIGITS + 1);
        long low = pow10(digits - 1);
        return random.nextLong(low, low * 10);
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) value *= 10;
        return value;
    }
}
