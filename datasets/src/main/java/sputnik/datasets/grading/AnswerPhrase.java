package sputnik.datasets.grading;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer a response states in words, for when it has no box. Phrases in priority order: "final
 * answer (is|:)", then "answer:", then "answer is"; within one, the rightmost wins (models restate and
 * correct themselves). What follows the phrase is taken up to the end of its sentence or line, whole:
 * "the answer is about 204" yields "about 204", which is no integer, rather than falling through to a
 * later rule that would read 204 from it. A sloppy "correct" is worse than a strict "incorrect".
 */
final class AnswerPhrase {
    record Found(String phrase, String text) {}

    private static final Pattern[] PHRASES = {
        Pattern.compile("(?i)\\bfinal\\s+answer\\b(?:\\s*(?:is|:|=))?\\s*:?"),
        Pattern.compile("(?i)\\banswer\\s*:"),
        Pattern.compile("(?i)\\banswer\\s+is\\b\\s*:?"),
    };

    private static final String[] NAMES = {"final answer", "answer:", "answer is"};

    /** A period that ends a sentence: followed by white space or the end (not a decimal point). */
    private static final Pattern SENTENCE_END = Pattern.compile("\\.(?=\\s|$)");

    private AnswerPhrase() {}

    /** Returns null when no phrase is followed by any text. */
    static Found find(String answerText) {
        String plain = answerText.replace("**", "");
        for (int i = 0; i < PHRASES.length; i++) {
            Matcher m = PHRASES[i].matcher(plain);
            String last = null;
            while (m.find()) {
                String after = statement(plain, m.end());
                if (!after.isEmpty()) last = after;
            }
            if (last != null) return new Found(NAMES[i], last);
        }
        return null;
    }

    /** A leading {@code $...$}, {@code $$...$$}, {@code \\(...\\)} or {@code \\[...\\]} span, or null. */
    private static String leadingMath(String line) {
        for (String[] d : new String[][] {{"$$", "$$"}, {"$", "$"}, {"\\(", "\\)"}, {"\\[", "\\]"}}) {
            if (!line.startsWith(d[0])) continue;
            int close = line.indexOf(d[1], d[0].length());
            return close < 0 ? null : line.substring(0, close + d[1].length());
        }
        return null;
    }

    /** The text after a phrase: on its line, or on the next non-empty line for a heading ("Final Answer\n204"). */
    private static String statement(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        if (i < s.length() && (s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }
        int eol = s.indexOf('\n', i);
        String line = (eol < 0 ? s.substring(i) : s.substring(i, eol)).strip();
        String math = leadingMath(line);
        if (math != null) return math; // "$204$. I hope it is correct.": the math span is the statement
        Matcher end = SENTENCE_END.matcher(line);
        return (end.find() ? line.substring(0, end.start()) : line).strip();
    }
}
