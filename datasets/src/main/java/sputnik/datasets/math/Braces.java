package sputnik.datasets.math;

import java.util.Set;
import java.util.function.UnaryOperator;

/** Brace matching for string-level LaTeX rewriting, where regular expressions cannot count nesting. */
final class Braces {

    private Braces() {}

    /** Index of the '}' closing the '{' at {@code open}, or -1; escaped braces (\{ \}) are not grouping. */
    static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Replaces every {@code \name{arg}} (name in {@code names}, whitespace allowed before the brace) with
     * {@code f(arg)}, innermost last; an unbalanced argument is left as written, and parsing will then
     * fail on it.
     */
    static String replaceCommand(String s, Set<String> names, UnaryOperator<String> f) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                out.append("\\\\");
                i += 2;
                continue;
            }
            if (c == '\\') {
                int end = i + 1;
                while (end < s.length() && Character.isLetter(s.charAt(end))) end++;
                String name = s.substring(i + 1, end);
                if (names.contains(name)) {
                    int open = end;
                    while (open < s.length() && Character.isWhitespace(s.charAt(open))) open++;
                    if (open < s.length() && s.charAt(open) == '{') {
                        int close = matching(s, open);
                        if (close > 0) {
                            out.append(f.apply(replaceCommand(s.substring(open + 1, close), names, f)));
                            i = close + 1;
                            continue;
                        }
                    }
                }
                out.append(s, i, Math.max(end, i + 1));
                i = Math.max(end, i + 1);
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
