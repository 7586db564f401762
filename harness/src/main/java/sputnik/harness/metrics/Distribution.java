package sputnik.harness.metrics;

import java.util.Arrays;

/**
 * A summary of a sample of measurements (latencies, token counts, ...): count, mean and a few
 * order statistics.
 */
public record Distribution(int count, double mean, double min, double p50, double p90, double p99, double max) {

    /**
     * Summarizes {@code values}; the input array is left as it is (a sorted copy is used).
     *
     * @throws IllegalArgumentException when {@code values} is empty or holds NaN or an infinity
     */
    public static Distribution of(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("a distribution needs at least one value");
        double[] sorted = values.clone();
        double sum = 0;
        for (double v : sorted) {
            // NaN has no place in an ordering and an infinity turns the mean and interpolation into NaN.
            if (!Double.isFinite(v)) throw new IllegalArgumentException("values must be finite, got " + v);
            sum += v;
        }
        Arrays.sort(sorted);
        return new Distribution(sorted.length, sum / sorted.length, sorted[0],
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /**
     * The p-th percentile of an ascending array, interpolating linearly between the closest ranks.
     *
     * <p>This is exactly numpy.percentile's default method ("linear"): the virtual index is
     * {@code h = (n - 1) * (p / 100)} and the result lies between {@code sorted[floor(h)]} and the
     * next element. numpy's arithmetic is copied step for step (p/100 first; interpolating from the
     * nearer end), so results agree to the last bit, not merely to rounding.
     *
     * @param sorted values in ascending order (not checked), at least one
     * @param p      the percentile, in [0, 100]
     * @throws IllegalArgumentException when {@code sorted} is empty or p is outside [0, 100]
     */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) throw new IllegalArgumentException("a percentile needs at least one value");
        if (!(p >= 0 && p <= 100)) throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
        int last = sorted.length - 1;
        double h = last * (p / 100);
        if (h >= last) return sorted[last];
        int below = (int) Math.floor(h);
        double t = h - below;
        double a = sorted[below];
        double b = sorted[below + 1];
        double diff = b - a;
        // numpy's _lerp: measuring from the nearer end keeps the result inside [a, b] as t nears 1.
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
