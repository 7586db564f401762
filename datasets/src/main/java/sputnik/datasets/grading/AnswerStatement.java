package sputnik.datasets.grading;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether the words after "answer is" state an answer. Models also write "our answer is correct", "the
 * answer is as follows" or "the answer is the one we found above": taken as the answer, such a phrase
 * hides the real statement that follows it. A judgement word, or a sentence with no mathematical content,
 * is not an answer, and the extractor looks further. Short word answers stay answers ("Evelyn", "east",
 * "no solution", "(C)"), and so does a number in words ("three boxes").
 */
final class AnswerStatement {
    private AnswerStatement() {}

    /** What a model says about an answer rather than what the answer is. */
    private static final Set<String> JUDGEMENTS = Set.of(
            "correct", "incorrect", "right", "wrong", "consistent", "inconsistent", "valid", "invalid", "verified",
            "confirmed", "checked", "true", "false", "reasonable", "plausible", "clear", "obvious", "sound", "accurate",
            "fine", "ok", "okay", "good", "satisfied", "unchanged", "same", "follows", "following", "below", "above",
            "unique", "undefined", "indeed");

    /** Words that make a statement a sentence about something else, not a short word answer. */
    private static final Set<String> SENTENCE_WORDS = Set.of(
            "we", "our", "us", "it", "its", "this", "that", "these", "those", "there", "here", "which", "what", "above",
            "below", "follows", "following", "given", "shown", "computed", "found", "obtained", "calculated", "derived",
            "stated", "be", "been", "is", "are", "was", "were", "can", "will", "would", "should", "must", "have", "has",
            "not", "previous", "earlier", "same", "before", "as");

    /** Adverbs a model puts before the value without changing it: "indeed 18", "still 4". */
    private static final Set<String> FILLERS = Set.of("indeed", "also", "still", "now", "then", "just", "simply", "definitely",
            "certainly", "clearly", "therefore", "thus", "hence", "so", "exactly", "precisely");

    /** Anything a mathematical answer is made of: a digit, TeX, an operator, a bracket, a math symbol. */
    private static final Pattern MATH = Pattern.compile("[0-9$\\\\=+\\-*/^()\\[\\]{}<>|_\u2212\u00b1\u221a\u03c0\u221e\u2264\u2265\u00b0]");

    private static final Pattern WORD = Pattern.compile("[A-Za-z']+");

    private static final Pattern LEADING_JUDGEMENT = Pattern.compile(
            "(?i)^(?:correct|incorrect|right|wrong|consistent|inconsistent|valid|invalid|verified|confirmed|checked|true|false)"
                    + "(?:\\s*[:;,.!]|\\s+(?:because|since|as|and|by|with|for)\\b|\\s*$)");

    /** True when {@code value}, the text after an answer phrase, states no answer. */
    static boolean notAnAnswer(String value) {
        String v = stripFillers(value);
        if (v.isBlank()) return true;
        if (WordNumbers.leading(v).isPresent()) return false;
        // "right: the product is $\frac{c}{a}$", "correct, as checked": a verdict, whatever math follows it.
        if (LEADING_JUDGEMENT.matcher(v).find()) return true;
        if (MATH.matcher(v).find()) return false;
        var words = WORD.matcher(v.toLowerCase(Locale.ROOT)).results().map(r -> r.group()).toList();
        if (words.isEmpty()) return true;
        if (JUDGEMENTS.contains(words.getFirst())) return true;
        for (String w : words) if (SENTENCE_WORDS.contains(w)) return true;
        return false;
    }

    /** The value without leading markdown emphasis and filler adverbs ("**indeed** 18" is "18"). */
    static String stripFillers(String value) {
        String v = value.replace("**", "").strip();
        for (int i = 0; i < 8; i++) { // a few fillers at most: "is indeed also 18"; a degenerate run stays as it is
            int space = v.indexOf(' ');
            String first = (space < 0 ? v : v.substring(0, space)).replaceAll("[,:]$", "").toLowerCase(Locale.ROOT);
            if (space < 0 || !FILLERS.contains(first)) return v;
            v = v.substring(space + 1).strip();
        }
        return v;
    }
}
