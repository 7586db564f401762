package sputnik.reports.compare;

/**
 * Exact tests for paired outcomes. McNemar's exact test looks only at the discordant pairs (solved by
 * one run, not the other): under "no difference" each is equally likely to go either way, a fair-coin
 * binomial. The sign test does the same with per-problem rate changes for runs of several samples.
 */
public final class PairedTests {
    private PairedTests() {}

    /** Two-sided exact p-value of {@code a} vs {@code b} successes under Binomial(a + b, 1/2). */
    public static double twoSidedBinomial(int a, int b) {
        int n = a + b;
        if (n == 0) return 1.0;
        int k = Math.min(a, b);
        double p = 2 * binomialCdfHalf(k, n);
        return Math.min(1.0, p);
    }

    /** P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so that n in the thousands stays exact enough. */
    static double binomialCdfHalf(int k, int n) {
        double sum = 0;
        double logHalfN = -n * Math.log(2);
        double logC = 0; // log C(n, 0)
        for (int i = 0; i <= k; i++) {
            if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
            sum += Math.exp(logC + logHalfN);
        }
        return Math.min(1.0, sum);
    }
}
