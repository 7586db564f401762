package sputnik.datasets.grading;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer of a MATH-style response: the last {@code \boxed{}} (or {@code \fbox{}}),
 * else the last "final answer is X" / "the answer is X" / "Answer: X". Unlike {@link AnswerExtractor}
 * there is no last-number fallback: a MATH answer is often not a number ("(-\infty, 2)", "\text{east}"),
 * and the last number of a worked solution is rarely the answer, so guessing would mostly mislead.
 */
final class MathAnswerExtractor {

    /** "answer is", "answer is:", "answer:" (so also "final answer is", "The answer is", "**Answer:**"). */
    private static final Pattern PHRASE = Pattern.compile("(?i)\\banswer\\s*(?:is\\b\\s*:?|:)[ \\t]*");

    private MathAnswerExtractor() {}

    static Extraction extract(String answerText) {
        Optional<String> boxed = BoxedAnswer.last(answerText);
        if (boxed.isPresent()) return new Extraction(ExtractionRule.BOXED, boxed.get().strip());

        // Markdown emphasis would otherwise split the phrase: "**Final Answer:** $\frac12$".
        String plain = answerText.replace("**", "");
        Matcher m = PHRASE.matcher(plain);
        String found = null;
        while (m.find()) {
            String x = answerAt(plain, m.end());
            if (x != null && !x.isBlank()) found = x; // the rightmost statement is the one the model stands by
        }
        return found == null ? Extraction.NONE : new Extraction(ExtractionRule.ANSWER_PHRASE, found);
    }

    /**
     * The answer after a phrase: a math span ($..$, $$..$$, \(..\), \[..\]) if one starts there, else the
     * rest of the line minus a trailing period. When the phrase ends its line ("Final Answer:\n$$x$$"),
     * the next non-blank line is read instead.
     */
    private static String answerAt(String s, int from) {
        int i = from;
        int eol = lineEnd(s, i);
        if (s.substring(i, eol).isBlank()) {
            i = eol;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= s.length()) return null;
            eol = lineEnd(s, i);
        }
        String span = span(s, i, "$$", "$$");
        if (span == null) span = span(s, i, "\\[", "\\]");
        if (span == null) span = span(s, i, "\\(", "\\)");
        if (span == null && s.startsWith("$", i) && !s.startsWith("$$", i)) {
            int close = i + 1;
            // An escaped dollar ("$\$32$", a price) is text inside the span, not its end.
            while ((close = s.indexOf('$', close)) > 0 && s.charAt(close - 1) == '\\') close++;
            if (close > 0 && close <= eol) span = s.substring(i + 1, close);
        }
        if (span != null) return span.strip();
        String line = s.substring(i, eol).strip();
        while (line.endsWith(".")) line = line.substring(0, line.length() - 1).strip();
        return line;
    }

    private static String span(String s, int i, String open, String close) {
        if (!s.startsWith(open, i)) return null;
        int end = s.indexOf(close, i + open.length());
        return end < 0 ? null : s.substring(i + open.length(), end);
    }

    private static int lineEnd(String s, int from) {
        int eol = s.indexOf('\n', from);
        return eol < 0 ? s.length() : eol;
    }
}
