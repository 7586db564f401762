package sputnik.harness.metrics;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric as suites name it: {@code pass@K} (Chen et al.'s unbiased estimator) or {@code cons@K} (majority
 * vote over the first K samples), K at least 1. One parser for the suite files that declare them, the
 * scorer that computes the Ks they name and the reports that print them.
 */
public record MetricName(Kind kind, int k) {
    public enum Kind { pass, cons }

    private static final Pattern SYNTAX = Pattern.compile("(pass|cons)@([1-9][0-9]{0,8})");

    /** The metric {@code text} names, or empty when it names none. */
    public static Optional<MetricName> parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text);
        return m.matches() ? Optional.of(new MetricName(Kind.valueOf(m.group(1)), Integer.parseInt(m.group(2)))) : Optional.empty();
    }

    @Override
    public String toString() {
        return kind + "@" + k;
    }
}
