package sputnik.datasets.grading;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer in a response's answer text, trying rules from the most explicit to the
 * least: a box, then an answer phrase ({@link AnswerPhrase}), then a concluding statement that states an
 * integer ({@link Conclusion}), then the last number. Within a rule the rightmost match
 * wins, because models restate and correct themselves and the last statement is the one they stand by.
 */
final class AnswerExtractor {

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

        AnswerPhrase.Found phrase = AnswerPhrase.find(answerText);
        if (phrase != null) return new Extraction(ExtractionRule.ANSWER_PHRASE, phrase.text());

        // A concluding statement ("So the total is 204, which I checked 3 ways") before the last number, when
        // what it states is an integer; otherwise the last number, as before.
        Optional<String> conclusion = Conclusion.find(answerText);
        if (conclusion.isPresent()
                && (IntegerNormalizer.parse(conclusion.get()).isPresent() || WordNumbers.leading(conclusion.get()).isPresent())) {
            return new Extraction(ExtractionRule.CONCLUSION, conclusion.get());
        }

        // Markdown emphasis would otherwise hide the number ("is **204**").
        String plain = answerText.replace("**", "");
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
