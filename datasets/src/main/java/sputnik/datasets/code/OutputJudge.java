package sputnik.datasets.code;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a program's stdout with the expected output as contest judges (and LiveCodeBench's grader)
 * do: white space at the ends of the output and of each line is ignored, so is a final newline; the
 * line counts must match; a line matches when equal as text, or token by token as exact decimals
 * ("1.50" = "1.5", "2" = "2.0"). A float tolerance applies only when the problem states one ("absolute
 * or relative error ... 10^{-6}"): then tokens within it of the expected number match.
 */
public final class OutputJudge {
    private final double tolerance;

    private OutputJudge(double tolerance) {
        this.tolerance = tolerance;
    }

    public static OutputJudge exact() {
        return new OutputJudge(0);
    }

    /** With the tolerance the statement states, if any. */
    public static OutputJudge forStatement(String statement) {
        return new OutputJudge(statedTolerance(statement));
    }

    public double tolerance() {
        return tolerance;
    }

    private static final Pattern TOLERANCE = Pattern.compile(
            "(?is)(?:absolute|relative)\\s+(?:or\\s+(?:absolute|relative)\\s+)?error[^.]{0,120}?"
                    + "(?:10\\s*\\^\\s*\\{?\\s*[-\u2212\u2013]\\s*(\\d{1,2})\\s*}?|1e[-\u2212](\\d{1,2}))");

    static double statedTolerance(String statement) {
        if (statement == null) return 0;
        Matcher m = TOLERANCE.matcher(statement);
        if (!m.find()) return 0;
        String exp = m.group(1) != null ? m.group(1) : m.group(2);
        return Math.pow(10, -Integer.parseInt(exp));
    }

    /** Null when the output is accepted, else what differs (first differing line). */
    public String mismatch(String actual, String expected) {
        List<String> a = lines(actual), e = lines(expected);
        if (a.size() != e.size()) {
            return "expected " + e.size() + " line" + (e.size() == 1 ? "" : "s") + " of output, got " + a.size();
        }
        for (int i = 0; i < a.size(); i++) {
            if (!lineMatches(a.get(i), e.get(i))) {
                return "line " + (i + 1) + ": expected '" + clip(e.get(i)) + "', got '" + clip(a.get(i)) + "'";
            }
        }
        return null;
    }

    private static List<String> lines(String s) {
        return s.strip().lines().map(String::strip).toList();
    }

    private boolean lineMatches(String a, String e) {
        if (a.equals(e)) return true;
        String[] at = a.split("\\s+"), et = e.split("\\s+");
        if (at.length != et.length) return false;
        for (int i = 0; i < at.length; i++) {
            if (at[i].equals(et[i])) continue;
            BigDecimal x = decimal(at[i]), y = decimal(et[i]);
            if (x == null || y == null) return false;
            if (x.compareTo(y) == 0) continue;
            if (tolerance > 0 && withinTolerance(x, y)) continue;
            return false;
        }
        return true;
    }

    private boolean withinTolerance(BigDecimal actual, BigDecimal expected) {
        BigDecimal diff = actual.subtract(expected).abs();
        BigDecimal tol = BigDecimal.valueOf(tolerance);
        if (diff.compareTo(tol) <= 0) return true;
        return diff.compareTo(tol.multiply(expected.abs(), MathContext.DECIMAL64)) <= 0;
    }

    private static BigDecimal decimal(String token) {
        if (token.length() > 400) return null;
        try {
            return new BigDecimal(token);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
