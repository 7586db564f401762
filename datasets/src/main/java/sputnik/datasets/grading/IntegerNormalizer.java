package sputnik.datasets.grading;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an extracted answer into an integer when it is one written with harmless decoration: math
 * delimiters ({@code $...$}), {@code \text{...}}, markdown bold, a trailing period, thousands
 * separators grouped in threes, an assignment ("x = 25"), leading zeros, a sign, a unit, a percent sign
 * or an ordinal suffix ("12^{th} grade" answers 12, as the math grader reads it). Anything else
 * ("3/4", "2x+1", "3.5") is not an integer answer and yields empty.
 */
final class IntegerNormalizer {

    /** Thousands groups must start with a non-zero group: "1,234" is an integer, "0,204" and "2,4" are not. */
    private static final Pattern INTEGER = Pattern.compile("[-+]?(?:[1-9]\\d{0,2}(?:,\\d{3})+|\\d+)");

    /**
     * A unit after the number: {@code \text{ cm}}, a degree sign, or words ("204 meters", "204 ways").
     * Words need a space and two letters, so that "2x" stays an expression rather than becoming 2.
     */
    private static final Pattern UNIT = Pattern.compile(
            "(.*\\d)\\s*(?:\\\\(?:text|mbox|textrm|mathrm|textnormal)\\s*\\{\\s*[A-Za-z][A-Za-z .]*}(?:\\s*\\^\\s*\\{?\\s*[23]\\s*}?)?"
                    + "|\\^\\s*\\{?\\s*\\\\circ\\s*}?|\u00b0|\\\\?%|\\s[A-Za-z]{2,}(?:\\s+[A-Za-z]+)*)");

    /** An ordinal suffix: "12^{th}", "12^{\\text{th}}", "2^{\\rm nd}", "21\\text{st}", "3rd": the number is the answer. */
    private static final Pattern ORDINAL = Pattern.compile(
            "(.*\\d)\\s*(?:\\^\\s*\\{\\s*(?:\\\\(?:text|mathrm|textrm|mbox|rm)\\s*\\{?\\s*)?(?:st|nd|rd|th)\\s*}?\\s*}"
                    + "|\\^?\\s*\\\\(?:text|mathrm|textrm|mbox)\\s*\\{\\s*(?:st|nd|rd|th)\\s*}|\\^?(?:st|nd|rd|th))");

    private static final Pattern WRAPPER =
            Pattern.compile("\\\\(?:text|textbf|textrm|mathrm|mathbf|boxed|fbox)\\s*\\{(.*)}", Pattern.DOTALL);

    private IntegerNormalizer() {}

    static Optional<BigInteger> parse(String raw) {
        if (raw == null) return Optional.empty();
        // Decorations can nest in any order ("$\text{25}$.", "**x = 25**"): peel until nothing changes.
        String s = raw;
        String before;
        do {
            before = s;
            s = peel(s);
        } while (!s.equals(before));
        if (!INTEGER.matcher(s).matches()) return Optional.empty();
        return Optional.of(new BigInteger(s.replace(",", "")));
    }

    private static String peel(String s) {
        s = s.strip()
                .replace("**", "")
                .replace("\\$", "")
                .replace("$", "")
                .replace("{,}", ",") // LaTeX's way of writing a thousands comma: 1{,}234
                .replace("\\,", "") // LaTeX thin space used as a thousands separator: 1\,234
                .replace("\\!", "")
                .replace('\u2212', '-') // Unicode minus sign
                .strip();
        if (s.startsWith("\\(") && s.endsWith("\\)") || s.startsWith("\\[") && s.endsWith("\\]")) {
            s = s.substring(2, s.length() - 2);
        }
        Matcher wrapper = WRAPPER.matcher(s);
        if (wrapper.matches()) s = wrapper.group(1);
        Matcher unit = UNIT.matcher(s);
        if (unit.matches()) s = unit.group(1);
        Matcher ordinal = ORDINAL.matcher(s);
        if (ordinal.matches()) s = ordinal.group(1);
        while (!s.isEmpty() && ".,;:!".indexOf(s.charAt(s.length() - 1)) >= 0) s = s.substring(0, s.length() - 1);
        // "x = 25" and "347 * 28 - 91 = 9625" both state the value after the last '='.
        int equals = s.lastIndexOf('=');
        if (equals >= 0) s = s.substring(equals + 1);
        return s.strip();
    }
}
