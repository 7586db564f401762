package sputnik.datasets.math;

import java.time.Duration;

/**
 * Bounds on one comparison. Answers come from a model and may be hostile or degenerate
 * ("10^{10^{10}}", ten thousand nested brackets), and a grader that hangs or runs out of memory on one
 * response stalls a whole run. Whatever exceeds a bound is decided "not equivalent: budget exceeded".
 *
 * @param maxInputChars   longest answer string accepted (either side)
 * @param maxNodes        largest expression tree, in nodes, per answer
 * @param maxDepth        deepest nesting of brackets and sub-expressions
 * @param maxExactBits    largest exact number, in bits, that an exact power or factorial may produce;
 *                        beyond it the value is approximated in double precision (and usually overflows,
 *                        which makes it incomparable rather than wrong)
 * @param maxPlusMinus    most {@code \pm} signs expanded in one answer (2^n alternatives)
 * @param maxElements     most elements in one set, list, tuple or matrix
 * @param deadline        wall-clock time allowed for one comparison
 */
public record MathLimits(
        int maxInputChars,
        int maxNodes,
        int maxDepth,
        long maxExactBits,
        int maxPlusMinus,
        int maxElements,
        Duration deadline) {

    /** 2,000 characters, 5,000 nodes, depth 100, 200,000-bit numbers, 5 ± signs, 64 elements, 500 ms. */
    public static final MathLimits DEFAULT = new MathLimits(2_000, 5_000, 100, 200_000, 5, 64, Duration.ofMillis(500));

    public MathLimits {
        if (maxInputChars < 1 || maxNodes < 1 || maxDepth < 1 || maxExactBits < 64 || maxPlusMinus < 0 || maxElements < 1) {
            throw new IllegalArgumentException("math limits must be positive");
        }
        if (deadline == null || deadline.isNegative()) throw new IllegalArgumentException("deadline must be >= 0");
    }
}
