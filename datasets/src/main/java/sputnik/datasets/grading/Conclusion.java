package sputnik.datasets.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer a response states in prose when it has no box and no "answer is" phrase: the value of the
 * last sentence that concludes. A sentence concludes when it says so ("So the number of divisors is 9",
 * "Therefore, the answer should be 4", "..., so the total is 12", "The greater integer is indeed 18"),
 * when it names its value the answer ("$9$ is the answer"), or when it is a display equation that closes
 * the text ({@code $$\cos B = \frac{3}{5}$$}): its right-hand side. An ordinary worked line ("dividing by 2
 * gives $x = 3$") is not a conclusion, and its last number is never taken.
 *
 * <p>Math spans ({@code $..$}, {@code $$..$$}, {@code \(..\)}, {@code \[..\]}) are read whole: a period or
 * a word inside them does not end or start anything.
 */
final class Conclusion {
    private Conclusion() {}

    /** A math span, replaced by a placeholder while the prose around it is read. */
    private record Span(String content, boolean display) {}

    private static final char MARK = '\u0000';

    /** A sentence that starts a conclusion, or a clause that does after a comma or semicolon ("so far" does not). */
    private static final Pattern MARKER = Pattern.compile(
            "(?i)(?:^|[,;]\\s*)(?:and\\s+)?(?:(?:so(?!\\s+(?:far|that|on|long|much|many)\\b)|thus|therefore|hence|consequently"
                    + "|finally|in conclusion|in summary|in total|altogether|overall|this (?:gives|means|shows)|which (?:gives|means)"
                    + "|we conclude(?: that)?|to conclude)\\b|(?:conclusion|final (?:result|value|count)|result)\\s*:)[,:]?\\s*");

    /** The verbs after which a concluding sentence gives its value. */
    private static final String VERBS =
            "is|are|was|were|be|equals|equal to|becomes|comes to|comes out to|we get|we have|we find|we obtain|gives|yields";

    /** A verb, or a bare "=" (outside math spans, which are placeholders here). */
    private static final Pattern COPULA = Pattern.compile("(?i)(?:\\b(?:" + VERBS + ")\\b|=)\\s*:?\\s*");

    /** The verbs alone: preferred to "=", which may be part of an answer that is an equation. */
    private static final Pattern WORD_COPULA = Pattern.compile("(?i)\\b(?:" + VERBS + ")\\b\\s*:?\\s*");

    /** A value confirmed in place: "is indeed 18", "is therefore 4", "must be 7". */
    private static final Pattern CONFIRMED = Pattern.compile(
            "(?i)\\b(?:is|are|equals|must be|should be|would be)\\s+(?:indeed|therefore|thus|hence|then|finally|clearly)\\b[,:]?\\s*");

    /** "X is the answer", "X is our final answer". */
    private static final Pattern NAMED = Pattern.compile(
            "(?i)\\s+(?:is|are|would be|must be|should be)\\s+(?:the|our|my)\\s+(?:final\\s+|correct\\s+|required\\s+|desired\\s+)?"
                    + "(?:answer|result|solution)s?\\b");

    /** Where the stated value ends: a clause that comments on it ("204 points, which I checked twice"). */
    private static final Pattern CLAUSE_END = Pattern.compile(
            "(?i),\\s*(?:which|where|since|because|as|so|and so|but|though|although|i\\.e\\.|e\\.g\\.)\\b|;|\\s\\((?![^)]*\\d)|\\s+because\\b");

    /** A number followed by words only: "204 such lattice points", "9 divisors". */
    private static final Pattern NUMBER_THEN_WORDS = Pattern.compile(
            "([-\u2212]?\\d[\\d,]*(?:\\.\\d+)?(?:/\\d+)?)\\s+[A-Za-z][A-Za-z\\s'\\-]*");

    /** A sentence ends at . ! ? before white space (not TeX's "\!" or "\."), or at a line break. */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\\\)[.!?](?=\\s|$)|\\n");

    /** A line that stops mid-statement: the next line goes on with it. */
    private static final Pattern CONTINUES = Pattern.compile(
            "(?i)(?:[,:=]|\\b(?:so|thus|therefore|hence|is|are|be|equals|get|gives|have|obtain|find|that))$");

    private static final Pattern LEADING_MARKUP = Pattern.compile("^(?:#+\\s*|[>*\\-]\\s+|\\d+[.)]\\s+)+");

    /**
     * A conclusion is near the end, and is one sentence, not a page: reading only the answer part's last
     * {@value #TAIL_CHARS} characters, and no sentence longer than {@value #MAX_SENTENCE_CHARS}, bounds the
     * time this takes on any output, however long or degenerate.
     */
    static final int TAIL_CHARS = 10_000;
    static final int MAX_SENTENCE_CHARS = 2_000;

    static Optional<String> find(String answerText) {
        String tail = answerText.length() <= TAIL_CHARS ? answerText : answerText.substring(answerText.length() - TAIL_CHARS);
        List<Span> spans = new ArrayList<>();
        String text = withPlaceholders(tail.replace("**", ""), spans);
        List<String> sentences = sentences(text);
        for (int i = sentences.size() - 1; i >= 0; i--) {
            String sentence = sentences.get(i);
            if (sentence.length() > MAX_SENTENCE_CHARS) continue;
            String value = i == sentences.size() - 1 ? closingDisplay(sentence, spans) : null;
            if (value == null) value = valueOf(sentence, spans);
            if (value != null && !value.isBlank() && !AnswerStatement.notAnAnswer(value)) return Optional.of(value);
        }
        return Optional.empty();
    }

    /** The text with every math span replaced by MARK + index + MARK. */
    private static String withPlaceholders(String s, List<Span> spans) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            String[] d = delimiterAt(s, i);
            if (d != null) {
                int close = closing(s, i + d[0].length(), d[1]);
                if (close > 0) {
                    spans.add(new Span(s.substring(i + d[0].length(), close), d[0].equals("$$") || d[0].equals("\\[")));
                    out.append(MARK).append(spans.size() - 1).append(MARK);
                    i = close + d[1].length();
                    continue;
                }
            }
            out.append(s.charAt(i++));
        }
        return out.toString();
    }

    private static String[] delimiterAt(String s, int i) {
        if (s.startsWith("$$", i)) return new String[] {"$$", "$$"};
        if (s.startsWith("\\[", i)) return new String[] {"\\[", "\\]"};
        if (s.startsWith("\\(", i)) return new String[] {"\\(", "\\)"};
        if (s.charAt(i) == '$' && (i == 0 || s.charAt(i - 1) != '\\')) return new String[] {"$", "$"};
        return null;
    }

    /** Where the span that starts before {@code from} closes; an escaped dollar ("\$5") is text. */
    private static int closing(String s, int from, String close) {
        int at = from;
        while ((at = s.indexOf(close, at)) >= 0) {
            if (close.equals("$") && s.charAt(at - 1) == '\\') {
                at++;
                continue;
            }
            return at;
        }
        return -1;
    }

    /**
     * Sentences: ended by . ! ? before white space, or by a line break, except that a line that breaks off
     * mid-statement (after a comma, a colon, "so", "therefore", "is", "=") goes on across the break:
     * "Therefore,\n\n$$x = 3$$" is one sentence. Leading list bullets and heading marks are dropped.
     */
    private static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = SENTENCE_END.matcher(text);
        int sentenceStart = 0;
        while (m.find()) {
            // Only the end of the line decides whether it goes on: looking at a bounded tail keeps this linear
            // on a degenerate output of thousands of short lines.
            if (m.group().equals("\n") && continues(text, sentenceStart, m.start())) continue;
            add(out, text.substring(sentenceStart, m.end()));
            sentenceStart = m.end();
        }
        add(out, text.substring(sentenceStart));
        return out;
    }

    /** Whether the line that ends at {@code end} breaks off mid-statement, or the sentence has nothing yet. */
    private static boolean continues(String text, int sentenceStart, int end) {
        int e = end;
        while (e > sentenceStart && Character.isWhitespace(text.charAt(e - 1))) e--;
        if (e == sentenceStart) return true;
        return CONTINUES.matcher(text.substring(Math.max(sentenceStart, e - 24), e)).find();
    }

    private static void add(List<String> out, String sentence) {
        String s = LEADING_MARKUP.matcher(sentence.strip()).replaceFirst("").strip();
        if (!s.isEmpty()) out.add(s);
    }

    /**
     * A last sentence that ends in a display equation ("... we reach:\n$$\cos B = \frac35$$"): its right-hand
     * side. A display that is no equation ("$$\frac12$$") states nothing by itself.
     */
    private static String closingDisplay(String sentence, List<Span> spans) {
        String s = trimEnd(sentence, ". \t\n\r");
        if (s.length() < 3 || s.charAt(s.length() - 1) != MARK) return null;
        int open = s.lastIndexOf(MARK, s.length() - 2);
        Span span = spans.get(Integer.parseInt(s.substring(open + 1, s.length() - 1)));
        if (!span.display()) return null;
        String rhs = rightHandSide(span.content());
        return rhs == span.content() ? null : rhs;
    }

    private static String valueOf(String sentence, List<Span> spans) {
        Matcher named = NAMED.matcher(sentence);
        if (named.find()) {
            String before = sentence.substring(0, named.start()).strip();
            String v = lastElement(before, spans);
            if (v != null) return v;
        }
        Matcher confirmed = CONFIRMED.matcher(sentence);
        String clause = null;
        if (confirmed.find()) return value(sentence.substring(confirmed.end()), spans, true);
        Matcher marker = MARKER.matcher(sentence);
        int clauseStart = -1;
        while (marker.find()) clauseStart = marker.end(); // the last conclusion in the sentence
        if (clauseStart < 0) return null;
        clause = sentence.substring(clauseStart);
        String stated = statedAfterCopula(clause, spans);
        if (stated != null) return stated;
        // "Thus $x = 5$.", "Therefore,\n$$\cos B = \frac35$$": the statement is its last math span.
        int close = clause.lastIndexOf(MARK);
        if (close <= 0) return null;
        int open = clause.lastIndexOf(MARK, close - 1);
        Span span = spans.get(Integer.parseInt(clause.substring(open + 1, close)));
        return rightHandSide(span.content());
    }

    /**
     * The value after the clause's main verb: the last copula before any comment on the value ("the greatest
     * number that is less than $BD^2$ is $480$", "the total is 204, which is even"). A word ("is", "are",
     * "equals") is preferred to a bare "=", which may belong to an answer that is an equation. Null when the
     * clause has no copula.
     */
    private static String statedAfterCopula(String clause, List<Span> spans) {
        Matcher first = WORD_COPULA.matcher(clause);
        boolean word = first.find();
        if (!word && !(first = COPULA.matcher(clause)).find()) return null;
        Matcher end = CLAUSE_END.matcher(clause);
        int limit = end.find(first.end()) ? end.start() : clause.length();
        String scope = clause.substring(0, limit);
        Matcher m = (word ? WORD_COPULA : COPULA).matcher(scope);
        int at = -1;
        boolean afterWord = true;
        while (m.find()) {
            at = m.end();
            afterWord = !m.group().strip().startsWith("=");
        }
        return value(scope.substring(at), spans, afterWord);
    }

    /**
     * The value a copula introduces, up to the clause that comments on it. A single math span is its
     * content (the last member of a numeric chain: "is $\frac{8}{16} = \frac12$" states 1/2); a number
     * followed by words is the number; anything else is taken as written, spans and all.
     */
    private static String value(String rest, List<Span> spans, boolean afterWord) {
        Matcher end = CLAUSE_END.matcher(rest);
        String v = (end.find() ? rest.substring(0, end.start()) : rest).strip();
        v = trimEnd(v, ".!?,:; \t\n\r");
        if (v.isEmpty()) return null;
        if (v.charAt(0) == MARK) {
            int close = v.indexOf(MARK, 1);
            String after = v.substring(close + 1).strip();
            if (after.isEmpty() || after.matches("[A-Za-z][A-Za-z\\s'\\-]*")) {
                String content = spans.get(Integer.parseInt(v.substring(1, close))).content().strip();
                return afterWord ? numericChainEnd(content) : rightHandSide(content);
            }
        }
        Matcher n = NUMBER_THEN_WORDS.matcher(v);
        if (n.matches()) return n.group(1);
        // Bare arithmetic being simplified ("is 12 + 5 = 17") states its last member; spans are kept as written.
        return v.indexOf(MARK) < 0 ? numericChainEnd(v) : restore(v, spans);
    }

    /** The last element before "is the answer": a math span, a number, or a word. */
    private static String lastElement(String before, List<Span> spans) {
        String b = trimEnd(before, " \t\n\r,");
        if (b.isEmpty()) return null;
        if (b.charAt(b.length() - 1) == MARK) {
            int open = b.lastIndexOf(MARK, b.length() - 2);
            return spans.get(Integer.parseInt(b.substring(open + 1, b.length() - 1))).content().strip();
        }
        int space = b.length() - 1;
        while (space >= 0 && !Character.isWhitespace(b.charAt(space))) space--;
        return restore(b.substring(space + 1), spans);
    }

    /** The right-hand side of an equation (the last member of a chain "a = b = c"); the content itself otherwise. */
    private static String rightHandSide(String content) {
        int eq = topLevelEquals(content);
        if (eq < 0 || hasTopLevelList(content)) return content;
        return content.substring(eq + 1).strip();
    }

    /**
     * For a value after a word ("the probability is $\frac{8}{16} = \frac12$"): the last member of a chain
     * whose first member is plain arithmetic, being simplified; an equation with variables ("x^2+y^2=25")
     * is itself the answer and is kept.
     */
    private static String numericChainEnd(String content) {
        int first = content.indexOf('=');
        if (first < 0 || hasTopLevelList(content)) return content;
        String lhs = content.substring(0, first);
        boolean arithmetic = lhs.replaceAll("\\\\(?:frac|dfrac|tfrac|sqrt|cdot|times|div|left|right|pi)", "").chars().noneMatch(Character::isLetter);
        return arithmetic ? rightHandSide(content) : content;
    }

    /** The index of the last '=' outside braces and brackets, not part of \le, \ge, \ne, <=, >=; -1 if none. */
    private static int topLevelEquals(String s) {
        int depth = 0, last = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' || c == '(' || c == '[') depth++;
            else if (c == '}' || c == ')' || c == ']') depth--;
            else if (c == '=' && depth == 0 && (i == 0 || "<>!".indexOf(s.charAt(i - 1)) < 0)) last = i;
        }
        return last;
    }

    /** "x = 1, x = -2", "x = 1 \text{ or } x = 2": several statements, not one equation. */
    private static boolean hasTopLevelList(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' || c == '(' || c == '[') depth++;
            else if (c == '}' || c == ')' || c == ']') depth--;
            else if ((c == ',' || c == ';') && depth == 0) return true;
        }
        return ALTERNATIVES.matcher(s).find();
    }

    private static final Pattern ALTERNATIVES = Pattern.compile("\\\\text\\s*\\{\\s*(?:or|and)\\s*}|\\s(?:or|and)\\s");

    /** {@code s} without the trailing characters in {@code chars}: a loop, where a regex "[..]+$" is quadratic. */
    private static String trimEnd(String s, String chars) {
        int e = s.length();
        while (e > 0 && chars.indexOf(s.charAt(e - 1)) >= 0) e--;
        return s.substring(0, e);
    }

    /** The text with its placeholders turned back into $...$ spans. */
    private static String restore(String s, List<Span> spans) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf(MARK, i);
            if (open < 0) {
                out.append(s, i, s.length());
                break;
            }
            int close = s.indexOf(MARK, open + 1);
            out.append(s, i, open).append('$').append(spans.get(Integer.parseInt(s.substring(open + 1, close))).content()).append('$');
            i = close + 1;
        }
        return out.toString().strip();
    }
}
