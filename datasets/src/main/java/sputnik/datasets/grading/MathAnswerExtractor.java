package sputnik.datasets.grading;

import java.util.Optional;

/**
 * Finds the final answer of a MATH-style response: the last {@code \boxed{}} (or {@code \fbox{}}),
 * else the last "final answer is X" / "the answer is X" / "Answer: X" that states an answer, else the
 * value of the last concluding statement ({@link Conclusion}: "so ... is X", "X is the answer", a closing
 * display equation). Unlike {@link AnswerExtractor} there is no last-number fallback: a MATH answer is
 * often not a number ("(-\infty, 2)", "\text{east}"), and the last number of a worked line is rarely the
 * answer, so guessing would mostly mislead.
 */
final class MathAnswerExtractor {

    private MathAnswerExtractor() {}

    static Extraction extract(String answerText) {
        Optional<String> boxed = BoxedAnswer.last(answerText);
        if (boxed.isPresent()) return new Extraction(ExtractionRule.BOXED, boxed.get().strip());

        // The same phrases, in the same priority, as the integer graders: "final answer", then "answer:", then
        // "answer is"; a phrase that states no answer ("our answer is correct") is passed over.
        AnswerPhrase.Found phrase = AnswerPhrase.find(answerText);
        if (phrase != null) return new Extraction(ExtractionRule.ANSWER_PHRASE, unwrapMath(phrase.text()));
        return Conclusion.find(answerText).map(c -> new Extraction(ExtractionRule.CONCLUSION, c)).orElse(Extraction.NONE);
    }

    /** "$\frac12$" is "\frac12": the delimiters of a statement that is one math span are not part of the answer. */
    private static String unwrapMath(String s) {
        for (String[] d : new String[][] {{"$$", "$$"}, {"\\[", "\\]"}, {"\\(", "\\)"}, {"$", "$"}}) {
            if (s.length() <= d[0].length() + d[1].length() || !s.startsWith(d[0]) || !s.endsWith(d[1])) continue;
            String inner = s.substring(d[0].length(), s.length() - d[1].length());
            // One span, not "$a$ and $b$"; an escaped dollar ("$\$32$", a price) is text inside it.
            if (!inner.replace("\\$", "").contains(d[1])) return inner.strip();
        }
        return s;
    }
}
