package sputnik.harness.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap confidence intervals: how far a benchmark score could move if the problems
 * had been drawn again from the same population.
 */
public final class Bootstrap {
    private Bootstrap() {}

    /** Resamples per interval: about scipy.stats.bootstrap's default (9,999), enough for stable 2.5% tails. */
    public static final int DEFAULT_RESAMPLES = 10_000;
    /** A fixed seed, so the same results give the same interval in every report. */
    public static final long DEFAULT_SEED = 0x5EED;
    /** The confidence level reported by default. */
    public static final double DEFAULT_LEVEL = 0.95;

    /** A confidence interval, {@code low <= high}. */
    public record Interval(double low, double high) {}

    /**
     * The percentile-bootstrap confidence interval for the mean of {@code values}.
     *
     * <p>Draws {@code resamples} resamples of {@code values.length} values with replacement from a
     * {@code SplittableRandom(seed)} (so the interval is reproducible), and returns the
     * {@code (1-level)/2} and {@code 1-(1-level)/2} quantiles of their means, interpolated as by
     * {@link Distribution#percentile}.
     *
     * @param values    one score per problem (0/1 for pass/fail), at least one, all finite
     * @param level     the confidence level, in (0, 1)
     * @param resamples how many resamples to draw, at least 1
     * @param seed      the random seed
     * @throws IllegalArgumentException when an argument is out of range
     */
    public static Interval meanCi(double[] values, double level, int resamples, long seed) {
        if (values.length == 0) throw new IllegalArgumentException("a bootstrap interval needs at least one value");
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("values must be finite, got " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        // Every resample of identical values has exactly that mean; summing them could round away
        // from it (thirty 0.1s do not add up to 3.0), so answer exactly instead.
        if (min == max) return new Interval(min, max);

        int n = values.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        double tail = (1 - level) / 2;
        return new Interval(Distribution.percentile(means, 100 * tail), Distribution.percentile(means, 100 * (1 - tail)));
    }
}
