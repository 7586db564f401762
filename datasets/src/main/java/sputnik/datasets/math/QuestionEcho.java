package sputnik.datasets.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer that only copies an expression out of the question. "Simplify tan 100° + 4 sin 100°" answered
 * with {@code \tan 100^\circ + 4 \sin 100^\circ} is numerically equal to the reference, -√3, but it is the
 * question, not an answer to it. Such an answer is not credited when the reference is a different
 * expression; numerically equal forms that the question does not contain ({@code \frac{1}{\sqrt2}} for
 * {@code \frac{\sqrt2}{2}}) are unaffected, and so are plain numbers and single symbols, which a question
 * may contain by chance.
 */
public final class QuestionEcho {
    private QuestionEcho() {}

    private static final Pattern SPAN = Pattern.compile("\\$\\$(.+?)\\$\\$|(?<!\\\\)\\$(.+?)(?<!\\\\)\\$|\\\\\\((.+?)\\\\\\)|\\\\\\[(.+?)\\\\]",
            Pattern.DOTALL);

    /** A plain number or a single letter: too small to count as copied. */
    private static final Pattern ATOM = Pattern.compile("-?[0-9.]+|-?[A-Za-z]|-?\\\\[A-Za-z]+");

    /**
     * The expression of {@code question} that {@code answer} copies, when it copies one and
     * {@code reference} is written differently; empty otherwise (also when the question is unknown).
     */
    public static Optional<String> find(String answer, String question, String reference) {
        if (answer == null || question == null || question.isBlank() || reference == null) return Optional.empty();
        NormalizedAnswer a = LatexNormalizer.normalize(answer);
        if (a.words() || a.math().isEmpty()) return Optional.empty();
        String key = key(a.math());
        if (ATOM.matcher(key).matches() || key.equals(key(LatexNormalizer.normalize(reference).math()))) return Optional.empty();
        for (String expression : expressions(question)) {
            if (key.equals(key(LatexNormalizer.normalize(expression).math()))) return Optional.of(expression.strip());
        }
        return Optional.empty();
    }

    /** Every math span of the question, and each side of its equations and each item of its lists. */
    private static List<String> expressions(String question) {
        List<String> out = new ArrayList<>();
        Matcher m = SPAN.matcher(question);
        while (m.find()) {
            String span = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            out.add(span);
            for (String part : topLevelParts(span)) if (!part.isBlank()) out.add(part);
        }
        return out;
    }

    /** The pieces of a span between top-level '=', '<', '>', ',' (outside braces and brackets). */
    private static List<String> topLevelParts(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' || c == '(' || c == '[') depth++;
            else if (c == '}' || c == ')' || c == ']') depth--;
            else if (depth == 0 && "=<>,".indexOf(c) >= 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (start > 0) parts.add(s.substring(start));
        return parts;
    }

    /** Normalised math without white space, so that spacing and \left/\right do not hide a copy. */
    private static String key(String math) {
        return math.replaceAll("\\s+", "");
    }
}
