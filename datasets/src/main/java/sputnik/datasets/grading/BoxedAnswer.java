package sputnik.datasets.grading;

import java.util.Optional;

/**
 * Finds the content of the last {@code \boxed{...}} or {@code \fbox{...}} in a text. Braces are
 * matched by depth, so {@code \boxed{\text{204}}} yields {@code \text{204}} rather than stopping at the
 * first closing brace; a box whose braces never balance (output cut off mid-answer) is not an answer.
 * Several boxes yield the last one alone: a model that boxes a draft and then a correction means the
 * correction, and gluing them ("205204") would be no answer at all.
 */
final class BoxedAnswer {

    private static final String[] COMMANDS = {"\\boxed", "\\fbox"};

    private BoxedAnswer() {}

    static Optional<String> last(String text) {
        String found = null;
        // Every start position is tried, including those inside an earlier box, so a box nested in a
        // box yields the inner (rightmost) one.
        for (int i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 1)) {
            String content = contentAt(text, i);
            if (content != null) found = content;
        }
        return Optional.ofNullable(found);
    }

    /** The box's content if a complete box command starts at {@code start}, else null. */
    private static String contentAt(String text, int start) {
        for (String command : COMMANDS) {
            if (!text.startsWith(command, start)) continue;
            int i = start + command.length();
            if (i < text.length() && Character.isLetter(text.charAt(i))) return null; // \boxedfoo is another command
            int afterName = i;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
            if (i < text.length() && text.charAt(i) == '{') return braced(text, i);
            // "\boxed 42": TeX takes a single token as the argument.
            if (i > afterName) return token(text, i);
            return null;
        }
        return null;
    }

    private static String braced(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++; // an escaped brace (\{ or \}) is text, not grouping
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(open + 1, i);
            }
        }
        return null;
    }

    private static String token(String text, int from) {
        int end = from;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '$') end++;
        return end > from ? text.substring(from, end) : null;
    }
}
