package sputnik.datasets.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer a response states in words, for when it has no box. Phrases in priority order: "final
 * answer (is|:)", then "answer:", then "answer is"; within one, the rightmost wins (models restate and
 * correct themselves). What follows the phrase is taken up to the end of its sentence or line, whole:
 * "the answer is about 204" yields "about 204", which is no integer, rather than falling through to a
 * later rule that would read 204 from it. A sloppy "correct" is worse than a strict "incorrect". A phrase
 * that states no answer ("our answer is correct", "the answer is as follows") is passed over
 * ({@link AnswerStatement}).
 */
final class AnswerPhrase {
    record Found(String phrase, String text) {}

    private static final Pattern[] PHRASES = {
        Pattern.compile("(?i)\\bfinal\\s+answer\\b(?:\\s*(?:is|:|=))?\\s*:?"),
        Pattern.compile("(?i)\\banswer\\s*:"),
        Pattern.compile("(?i)\\banswer\\s+is\\b\\s*:?"),
    };

    private static final String[] NAMES = {"final answer", "answer:", "answer is"};

    private static final int STATEMENT_CHARS = 2_000;
    private static final int MAX_PHRASES = 100;

    /** A period that ends a sentence: followed by white space or the end (not a decimal point). */
    private static final Pattern SENTENCE_END = Pattern.compile("\\.(?=\\s|$)");

    private AnswerPhrase() {}

    /** Returns null when no phrase is followed by any text. */
    static Found find(String answerText) {
        String plain = answerText.replace("**", "");
        for (int i = 0; i < PHRASES.length; i++) {
            Matcher m = PHRASES[i].matcher(plain);
            List<Integer> ends = new ArrayList<>();
            while (m.find()) ends.add(m.end());
            // The rightmost statement that states an answer wins; "our answer is correct" judges an answer, it
            // does not give one, so the one before it is read. Phrases far before the end are not the final
            // answer: a looping output with thousands of them is read no further back than MAX_PHRASES.
            for (int j = ends.size() - 1; j >= Math.max(0, ends.size() - MAX_PHRASES); j--) {
                String after = statement(plain, ends.get(j));
                if (!after.isEmpty() && !AnswerStatement.notAnAnswer(after)) return new Found(NAMES[i], after);
            }
        }
        return null;
    }

    /** A leading {@code $...$} or {@code \\(...\\)} span on its line, or a {@code $$...$$} or {@code \\[...\\]} display, or null. */
    private static String leadingMath(String text) {
        int eol = text.indexOf('\n');
        for (String[] d : new String[][] {{"$$", "$$"}, {"$", "$"}, {"\\(", "\\)"}, {"\\[", "\\]"}}) {
            if (!text.startsWith(d[0])) continue;
            int close = text.indexOf(d[1], d[0].length());
            // An escaped dollar ("$\$32$", a price) is text inside the span, not its end.
            while (d[1].equals("$") && close > 0 && text.charAt(close - 1) == '\\') close = text.indexOf('$', close + 1);
            boolean inline = d[0].equals("$") || d[0].equals("\\(");
            if (close < 0 || inline && eol >= 0 && close > eol) return null; // inline math ends on its line
            return text.substring(0, close + d[1].length());
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
        // A stated answer is short: what follows the phrase is read no further than STATEMENT_CHARS, which also
        // keeps a degenerate output (thousands of phrases on one line) from costing n^2.
        String rest = s.substring(i, Math.min(s.length(), i + STATEMENT_CHARS));
        // A display may span lines ("\\[\n204\n\\]"); a math span that starts here is the statement whole,
        // "$204$. I hope it is correct." included.
        String math = leadingMath(rest);
        if (math != null) return math;
        int eol = rest.indexOf('\n');
        String line = (eol < 0 ? rest : rest.substring(0, eol)).strip();
        Matcher end = SENTENCE_END.matcher(line);
        return (end.find() ? line.substring(0, end.start()) : line).strip();
    }
}
