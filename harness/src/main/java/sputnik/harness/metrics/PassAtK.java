package sputnik.harness.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The unbiased pass@k estimator of Chen et al. 2021, "Evaluating Large Language Models Trained on
 * Code" (the HumanEval paper): given n samples of which c pass, the probability that at least one of
 * k samples drawn without replacement passes.
 */
public final class PassAtK {
    private PassAtK() {}

    /**
     * Estimates pass@k for one problem: {@code 1 - C(n-c, k) / C(n, k)}.
     *
     * <p>The binomials overflow long before n gets interesting (C(200, 100) has 59 digits), so this
     * uses the paper's numerically stable form {@code 1 - prod_{i=n-c+1..n} (1 - k/i)}, which is the
     * same ratio with the common factors cancelled.
     *
     * @param n samples drawn for the problem, at least 1
     * @param c samples that passed, in [0, n]
     * @param k the k of pass@k, in [1, n]
     * @return the estimate, in [0, 1]; exactly 1.0 when {@code n - c < k} (every draw of k holds a pass)
     * @throws IllegalArgumentException when an argument is out of range
     */
    public static double estimate(int n, int c, int k) {
        if (n < 1) throw new IllegalArgumentException("pass@k needs n >= 1, got n=" + n);
        if (c < 0 || c > n) throw new IllegalArgumentException("pass@k needs 0 <= c <= n, got c=" + c + ", n=" + n);
        if (k < 1 || k > n) throw new IllegalArgumentException("pass@k needs 1 <= k <= n, got k=" + k + ", n=" + n);
        // Fewer failures than k: C(n-c, k) is 0. The product would give 0 too, but only up to rounding.
        if (n - c < k) return 1.0;
        double allFail = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allFail *= 1.0 - (double) k / i;
        }
        return 1.0 - allFail;
    }

    /**
     * The mean of {@link #estimate} over problems, which is the pass@k a benchmark reports.
     *
     * @param n samples per problem
     * @param c passing samples per problem, index-aligned with {@code n}
     * @param k the k of pass@k; must not exceed any {@code n[i]}
     * @throws IllegalArgumentException when the arrays are empty, differ in length, or an entry is out of range
     */
    public static double mean(int[] n, int[] c, int k) {
        if (n.length != c.length) {
            throw new IllegalArgumentException("n and c must have one entry per problem, got " + n.length + " and " + c.length);
        }
        // A mean over no problems has no value; 0 would read as "everything failed".
        if (n.length == 0) throw new IllegalArgumentException("pass@k mean needs at least one problem");
        double sum = 0;
        for (int i = 0; i < n.length; i++) {
            sum += estimate(n[i], c[i], k);
        }
        return sum / n.length;
    }

    /**
     * The k values worth reporting for n samples per problem: the powers of two up to n, plus n
     * itself (pass@n is the "solved at all" rate), e.g. 64 gives [1, 2, 4, 8, 16, 32, 64] and 5 gives
     * [1, 2, 4, 5].
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public static List<Integer> reportedKs(int n) {
        if (n < 1) throw new IllegalArgumentException("reported ks need n >= 1, got n=" + n);
        List<Integer> ks = new ArrayList<>();
        // The long counter keeps k from overflowing past Integer.MAX_VALUE when n is huge.
        for (long k = 1; k <= n; k *= 2) {
            ks.add((int) k);
        }
        if (ks.getLast() != n) ks.add(n);
        return List.copyOf(ks);
    }
}
