package sputnik.reports.claims;

import java.util.Locale;
import sputnik.harness.metrics.Summary;

/**
 * A run held against a published number. The lab measured the same problems, so what separates the two numbers
 * is sampling noise on these problems: the interval is Wilson's 95% score interval on the run's correct samples out
 * of all its samples (pass@1 with equal samples per problem is exactly that ratio). The verdict:
 * <ul>
 *   <li>{@code BELOW} / {@code ABOVE}: the published number lies outside the interval, above it / below it;</li>
 *   <li>{@code CONSISTENT}: it lies inside, and the interval is narrow enough to decide (at most
 *       {@value #DECISIVE_POINTS} points either side);</li>
 *   <li>{@code TOO_FEW_SAMPLES}: it lies inside a wider interval, which would also contain numbers a reader
 *       would call different; {@link #samplesNeeded} says how many samples a decisive check needs at this spread.</li>
 * </ul>
 *
 * @param measured          the run's pass@1 (a fraction)
 * @param samples           finished samples behind it
 * @param samplesNeeded     samples for a check to +-{@value #DECISIVE_POINTS} points at the measured spread
 */
public record ClaimCheck(Claim claim, double measured, double low, double high, int problems, int samples, boolean complete, Verdict verdict,
        int samplesNeeded) {

    public enum Verdict {
        CONSISTENT, ABOVE, BELOW, TOO_FEW_SAMPLES
    }

    /** Half-width, in percentage points, under which an interval decides. */
    static final double DECISIVE_POINTS = 5.0;

    private static final double Z = 1.959963984540054;

    /** Null when the run has no finished sample yet. */
    public static ClaimCheck of(Claim claim, Summary s) {
        if (s.passAt1() == null || s.counts().samplesDone() == 0) return null;
        double p = s.passAt1().value();
        int n = s.counts().samplesDone();
        double denom = 1 + Z * Z / n;
        double center = (p + Z * Z / (2.0 * n)) / denom;
        double half = Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4.0 * n * n)) / denom;
        double low = Math.max(0, center - half), high = Math.min(1, center + half);
        double published = claim.value() / 100;
        double spread = Math.max(p * (1 - p), 0.01); // a run at 0% or 100% still has some
        int needed = (int) Math.ceil(Z * Z * spread / Math.pow(DECISIVE_POINTS / 100, 2));
        Verdict v = published < low ? Verdict.ABOVE
                : published > high ? Verdict.BELOW
                : (high - low) / 2 * 100 <= DECISIVE_POINTS ? Verdict.CONSISTENT : Verdict.TOO_FEW_SAMPLES;
        return new ClaimCheck(claim, p, low, high, s.counts().problemsScored(), n, s.counts().complete(), v, needed);
    }

    /** The verdict in words, with the numbers that decided it. */
    public String sentence() {
        String pub = pct(claim.value() / 100);
        return switch (verdict) {
            case CONSISTENT -> "CONSISTENT: the published " + pub + " lies inside the 95% interval " + pct(low) + " to " + pct(high)
                    + " of " + samples + " samples";
            case ABOVE -> "ABOVE the published number: " + pct(measured) + " measured, and the published " + pub
                    + " lies below the 95% interval " + pct(low) + " to " + pct(high) + " of " + samples + " samples";
            case BELOW -> "BELOW the published number: " + pct(measured) + " measured, and the published " + pub
                    + " lies above the 95% interval " + pct(low) + " to " + pct(high) + " of " + samples + " samples";
            case TOO_FEW_SAMPLES -> "TOO FEW SAMPLES TO TELL: the published " + pub + " lies inside the 95% interval " + pct(low) + " to "
                    + pct(high) + ", which is " + String.format(Locale.ROOT, "%.1f", (high - low) * 100) + " points wide; a check to +-"
                    + String.format(Locale.ROOT, "%.0f", DECISIVE_POINTS) + " points needs about " + samplesNeeded + " samples ("
                    + perProblemNeeded() + " per problem)";
        };
    }

    public int perProblemNeeded() {
        return problems == 0 ? samplesNeeded : (int) Math.ceil((double) samplesNeeded / problems);
    }

    static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * f);
    }
}
