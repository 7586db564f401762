package sputnik.datasets.grading;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer in a response's answer text, trying rules from the most explicit to the
 * least: a box, then an "answer is X" phrase, then the last number. Within a rule the rightmost match
 * wins, because models restate and correct themselves and the last statement is the one they stand by.
 */
final class AnswerExtractor {

    /**
     * "final answer is X", "answer is X", "Answer: X". X must look like an answer (a number, a sign, math
     * markup, or "x = ...") so that prose such as "the answer is the sum of..." falls through to the
     * next rule instead of yielding "the". Operators joined by spaces stay in X ("347 * 28 - 91 = 9625",
     * "2x + 1"), so an expression is judged whole rather than cut to its first number.
     */
    private static final Pattern ANSWER_PHRASE = Pattern.compile(
            "(?i)\\banswer\\s*(?:is\\b\\s*:?|:)\\s*"
                    + "(\\$[^$\\n]*\\$"
                    + "|[a-z]\\w*\\s*=\\s*\\S+"
                    + "|[-+\u2212(\\\\\\d]\\S*(?:[ \\t]*[-+*/^=\u00d7\u00f7][ \\t]*[\\d(\\\\]\\S*)*)");

    /**
     * An integer, optionally grouped in threes ("1,234"), optionally followed by a decimal or fraction
     * part so that "3.5" or "3/4" is taken whole (and then rejected) instead of yielding "5" or "4".
     * A minus counts only when it is a sign: not after a word, digit or closing bracket ("5-3" ends in 3).
     */
    private static final Pattern NUMBER = Pattern.compile(
            "(?:(?<![\\w)\\]}])[-\u2212])?(?<!\\w)(?:\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)(?:\\.\\d+|/\\d+)?");

    private AnswerExtractor() {}

    static Extraction extract(String answerText) {
        Optional<String> boxed = BoxedAnswer.last(answerText);
        if (boxed.isPresent()) return new Extraction(ExtractionRule.BOXED, boxed.get().strip());

        // Markdown emphasis would otherwise hide the phrase ("**Answer:** 204") or the number ("is **204**").
        String plain = answerText.replace("**", "");
        String phrase = lastGroup(ANSWER_PHRASE.matcher(plain), 1);
        if (phrase != null) return new Extraction(ExtractionRule.ANSWER_PHRASE, phrase.strip());

        String number = lastGroup(NUMBER.matcher(plain), 0);
        if (number != null) return new Extraction(ExtractionRule.LAST_NUMBER, number);

        return Extraction.NONE;
    }

    private static String lastGroup(Matcher matcher, int group) {
        String last = null;
        while (matcher.find()) last = matcher.group(group);
        return last;
    }
}
