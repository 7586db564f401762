package sputnik.datasets.math;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String-level clean-up of a LaTeX answer before parsing. Everything removed here is presentation that
 * does not change which answer was given: math delimiters, {@code \left}/{@code \right}, spacing,
 * {@code \displaystyle}, {@code \dfrac}, text wrappers, thousands separators, a trailing period. A few
 * things carry meaning and are kept in canonical form instead: degree signs become {@code ^\circ}
 * (which the parser reads), and a unit written after the number is split off into
 * {@link NormalizedAnswer#unit()} so "5 \text{ cm}" compares equal to "5".
 */
final class LatexNormalizer {

    /** Commands whose argument is shown as text; their content is the answer. */
    private static final Set<String> TEXT_COMMANDS = Set.of(
            "text", "textbf", "textrm", "textit", "textsf", "texttt", "textnormal", "textup", "emph",
            "mbox", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "boldsymbol", "bm", "operatorname", "rm", "hbox");

    private static final Set<String> BOX_COMMANDS = Set.of("boxed", "fbox", "framebox");

    /** Spacing and style commands with no argument: they change how an answer looks, never what it is. */
    private static final Set<String> SPACING_COMMANDS = Set.of(
            "quad", "qquad", "enspace", "thinspace", "medspace", "thickspace", "negthinspace", "negmedspace",
            "negthickspace", "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "nobreak",
            "hfill", "limits", "nolimits", "middle");

    private static final Pattern SIZING = Pattern.compile(
            "\\\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|bigg|Bigg|big|Big)(?![a-zA-Z])\\s*(\\.(?!\\d))?");

    private static final Pattern WHOLE_TEXT = Pattern.compile(
            "\\\\(?:text|textbf|textrm|textit|textsf|texttt|textnormal|textup|emph|mbox|mathrm|mathbf|mathit|mathsf|operatorname|hbox)\\s*\\{(.*)}",
            Pattern.DOTALL);

    /** A unit in a text wrapper after the number: "5 \text{ cm}", "864 \mbox{ inches}^2". */
    private static final Pattern TEXT_UNIT = Pattern.compile(
            "(.*\\S)\\s*\\\\(text|textrm|textnormal|textit|mbox|mathrm|rm|hbox)\\s*\\{\\s*([A-Za-z][A-Za-z. /\\-]*?)\\s*}"
                    + "\\s*(\\^\\s*\\{?\\s*[23]\\s*}?)?",
            Pattern.DOTALL);

    /**
     * A unit written bare after a number: "5 cm", "12 square units". Only words of two letters or more
     * from this list: a lone "m" after a number is as likely a variable ("5m") as metres.
     */
    private static final Pattern BARE_UNIT = Pattern.compile(
            "(.*[\\d})])\\s+((?:square |sq\\.? |cubic )?(?:units?|cm|mm|km|meters?|metres?|centimeters?|millimeters?"
                    + "|kilometers?|inch|inches|in\\.|feet|foot|ft|yards?|yd|miles?|mi|cents?|dollars?|hours?|hrs?"
                    + "|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|mph|kg|grams?|pounds?|lbs?"
                    + "|ounces?|oz|liters?|litres?|ml|gallons?|people|students|ways|times))(\\^\\s*\\{?\\s*[23]\\s*}?)?",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * An ordinal suffix after a number: "12^{th}", "12^{\text{th}}", "12^{\mathrm{th}}", "2^{nd}", "3rd",
     * "1\text{st}". "The 12th grade" answers 12: the suffix is how the number is read, not a factor.
     */
    private static final Pattern ORDINAL = Pattern.compile(
            "(?<=\\d)\\s*(?:"
                    + "\\^\\s*\\{\\s*\\\\(?:text|mathrm|textrm|rm|mbox|textnormal)\\s*\\{\\s*(?:st|nd|rd|th)\\s*}\\s*}" // 12^{\text{th}}
                    + "|\\^\\s*\\{\\s*\\\\rm\\s+(?:st|nd|rd|th)\\s*}"                                            // 12^{\rm th}
                    + "|\\^\\s*\\{\\s*(?:st|nd|rd|th)\\s*}"                                                      // 12^{th}
                    + "|\\^?\\s*\\\\(?:text|mathrm|textrm|mbox|textnormal)\\s*\\{\\s*(?:st|nd|rd|th)\\s*}"       // 12^\text{th}, 12\text{th}
                    + "|\\^?(?:st|nd|rd|th)(?![A-Za-z]))");                                                    // 12th, 12^th

    private static final Pattern DEGREES = Pattern.compile(
            "\\^\\s*\\{\\s*\\\\circ\\s*}|\\^\\s*\\\\circ|\\\\(?:degree|textdegree)(?![a-zA-Z])"
                    + "|\\s*\\\\(?:text|mbox|mathrm|textrm)\\s*\\{\\s*degrees?\\s*}|(?<=[\\d}])\\s*degrees?\\s*$");

    private static final Pattern PERCENT = Pattern.compile(
            "\\\\%|%|\\s*\\\\(?:text|mbox|mathrm|textrm)\\s*\\{\\s*percent\\s*}|(?<=[\\d}])\\s*percent\\s*$");

    /** "or"/"and" between alternatives: "x = 1 \text{ or } x = 2" lists two solutions. */
    private static final Pattern TEXT_CONNECTIVE = Pattern.compile("\\\\(?:text|mbox|textrm)\\s*\\{\\s*(?:or|and)\\s*}");

    /** The same written bare, "1 or 2"; only in answers with digits or '=', so "Evelyn and Navin" stays words. */
    private static final Pattern BARE_CONNECTIVE = Pattern.compile("(?<=[\\s\\d}])(?:or|and)(?=[\\s\\\\\\d(\\-])");

    private static final Pattern PLAIN_THOUSANDS = Pattern.compile("[-+]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");

    private static final Pattern WORDS = Pattern.compile("[A-Za-z][A-Za-z \\t'\\-]*");
    private static final Pattern LETTER_RUN = Pattern.compile("[A-Za-z]{3,}");

    /** Letter runs that are math, not words, when written without a backslash ("sqrt(2)", "pi"). */
    private static final Set<String> MATH_WORDS = Set.of(
            "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
            "log", "ln", "exp", "sqrt", "pi", "inf", "infty", "infinity", "gcd", "lcm", "max", "min");

    private LatexNormalizer() {}

    static NormalizedAnswer normalize(String raw) {
        String s = unicode(raw);
        s = delimiters(s);
        s = Braces.replaceCommand(s, BOX_COMMANDS, x -> x);
        s = SIZING.matcher(s).replaceAll("");
        s = s.replaceAll("\\\\[dtc]frac(?![a-zA-Z])", "\\\\frac").replaceAll("\\\\[dt]binom(?![a-zA-Z])", "\\\\binom");
        s = s.replaceAll("\\\\mathbb\\s*\\{?\\s*R\\s*}?", "(-\\\\infty,\\\\infty)");
        s = thousands(s);
        s = spacing(s);
        s = ORDINAL.matcher(s).replaceAll("");
        s = trimPunctuation(s);

        Matcher whole = WHOLE_TEXT.matcher(s);
        boolean explicitText = whole.matches() && Braces.matching(s, s.indexOf('{')) == s.length() - 1
                && whole.group(1).chars().noneMatch(Character::isDigit) && whole.group(1).chars().anyMatch(Character::isLetter)
                && !DEGREES.matcher(s).find() && !PERCENT.matcher(s).find();

        s = DEGREES.matcher(s).replaceAll("^\\\\circ");
        s = PERCENT.matcher(s).replaceAll(""); // "5\%" is the answer 5, as MATH graders treat it: see MathEquivalence.
        String unit = null;
        if (!explicitText) {
            Matcher m = TEXT_UNIT.matcher(s);
            // One letter in \mathrm is a symbol ("2\mathrm{e}", "\mathrm{i}"), not a unit; in \text it is ("5 \text{ m}").
            boolean symbol = m.matches() && m.group(3).length() == 1 && m.group(2).endsWith("rm");
            if (m.matches() && !symbol && !isConnective(m.group(3))) {
                unit = unitKey(m.group(3), m.group(4));
                s = m.group(1);
            } else if ((m = BARE_UNIT.matcher(s)).matches()) {
                unit = unitKey(m.group(2), m.group(3));
                s = m.group(1);
            }
            s = TEXT_CONNECTIVE.matcher(s).replaceAll(",");
            if (s.matches("(?s).*[\\d=].*")) s = BARE_CONNECTIVE.matcher(s).replaceAll(",");
        }
        s = Braces.replaceCommand(s, TEXT_COMMANDS, x -> x);
        s = trimPunctuation(s.replaceAll("\\s+", " "));
        if (unit == null && !explicitText) {
            Matcher m = BARE_UNIT.matcher(s); // a unit inside the wrapper: "\text{5 cm}"
            if (m.matches()) {
                unit = unitKey(m.group(2), m.group(3));
                s = m.group(1);
            }
        }
        if (PLAIN_THOUSANDS.matcher(s).matches()) s = s.replace(",", "");

        boolean words = explicitText || isWords(s);
        return new NormalizedAnswer(s, wordKey(s), words, unit);
    }

    private static String unicode(String s) {
        return s.replace('\u2212', '-').replace('\u2013', '-').replace('\u00a0', ' ').replace('\u2009', ' ')
                .replace("\u00d7", "\\times ").replace("\u00f7", "\\div ").replace("\u00b7", "\\cdot ")
                .replace("\u22c5", "\\cdot ").replace("\u03c0", "\\pi ").replace("\u221a", "\\sqrt ")
                .replace("\u221e", "\\infty ").replace("\u00b0", "^\\circ").replace("\u2264", "\\le ")
                .replace("\u2265", "\\ge ").replace("\u2260", "\\ne ").replace("\u222a", "\\cup ")
                .replace("\u2208", "\\in ").replace("\u00b1", "\\pm ").replace("\u03b8", "\\theta ");
    }

    /** Math delimiters, and "\$" as a currency sign (the answer to a money question is the number). */
    private static String delimiters(String s) {
        return s.replace("\\$", "").replace("$", "")
                .replace("\\(", "").replace("\\)", "").replace("\\[", "").replace("\\]", "")
                .strip();
    }

    /**
     * Thousands separators that LaTeX spells out: "1{,}000", "10,\!080", "1\,000". A bare comma is a
     * separator only when the whole answer is digits grouped in threes ("58,500"); elsewhere a comma
     * separates list items ("1, -2").
     */
    private static String thousands(String s) {
        // Lookarounds only, so that "11,\! 111,\! 111" loses every separator in one pass.
        return s.replaceAll("(?<=\\d)\\s*\\{,}\\s*(?=\\d)", "")
                .replaceAll("(?<=\\d),\\s*\\\\!\\s*(?=\\d)", "")
                .replaceAll("(?<=\\d)\\\\,(?=\\d{3}(?!\\d))", "");
    }

    /** Spacing commands become plain spaces; a scanner rather than a regex so "\\" (a row break) survives. */
    private static String spacing(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '~') {
                out.append(' ');
            } else if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                if (next == '\\') {
                    out.append("\\\\");
                    i++;
                } else if (",;:! >".indexOf(next) >= 0) {
                    out.append(' ');
                    i++;
                } else if (Character.isLetter(next)) {
                    int end = i + 1;
                    while (end < s.length() && Character.isLetter(s.charAt(end))) end++;
                    String name = s.substring(i + 1, end);
                    if (SPACING_COMMANDS.contains(name)) {
                        out.append(' ');
                    } else if ((name.equals("hspace") || name.equals("vspace") || name.equals("kern"))
                            && end < s.length() && s.charAt(end) == '{' && Braces.matching(s, end) > 0) {
                        end = Braces.matching(s, end) + 1;
                        out.append(' ');
                    } else {
                        out.append(s, i, end);
                    }
                    i = end - 1;
                } else {
                    out.append(c);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A trailing period, comma or semicolon ends the sentence, not the answer. */
    private static String trimPunctuation(String s) {
        s = s.strip();
        while (!s.isEmpty() && ".,;:".indexOf(s.charAt(s.length() - 1)) >= 0
                && !(s.length() >= 2 && s.charAt(s.length() - 2) == '\\')) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    private static boolean isConnective(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        return w.equals("or") || w.equals("and");
    }

    /** "inches", "^2" → "inch^2": lowercase, no spaces, no plural s, so "cm" and " cm" match. */
    private static String unitKey(String word, String power) {
        String w = word.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replace(".", "");
        String p = power == null ? "" : "^" + power.replaceAll("[^23]", "");
        // "square cm" is "cm^2", "cubic inches" is "inch^3": the same unit written two ways.
        Matcher dims = Pattern.compile("^(square|sq|cubic) (.+)$").matcher(w);
        if (dims.matches() && p.isEmpty()) {
            w = dims.group(2);
            p = dims.group(1).equals("cubic") ? "^3" : "^2";
        }
        if (w.equals("inches")) w = "inch";
        else if (w.equals("feet")) w = "foot";
        else if (w.endsWith("s") && w.length() > 2) w = w.substring(0, w.length() - 1);
        return w + p;
    }

    /**
     * Bare words ("Evelyn", "east", "no solution"): letters and spaces only, with a run of three or more
     * letters that is not a function name. Two letters ("ab") stay math: they are a product.
     */
    private static boolean isWords(String s) {
        if (!WORDS.matcher(s).matches()) return false;
        Matcher run = LETTER_RUN.matcher(s);
        while (run.find()) {
            if (!MATH_WORDS.contains(run.group().toLowerCase(Locale.ROOT))) return true;
        }
        return false;
    }

    /** Lowercase, no spaces, no enclosing parentheses: "\text{(C)}", "(C)" and "c" share the key "c". */
    private static String wordKey(String s) {
        String k = trimPunctuation(s.toLowerCase(Locale.ROOT).replaceAll("\\s+", ""));
        if (k.length() >= 2 && k.startsWith("(") && k.endsWith(")") && k.indexOf(')') == k.length() - 1) {
            k = k.substring(1, k.length() - 1);
        }
        return k;
    }
}
