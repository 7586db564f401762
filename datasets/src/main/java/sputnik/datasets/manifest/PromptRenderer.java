package sputnik.datasets.manifest;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sputnik.harness.api.Prompt;

/**
 * Fills a manifest's template from a problem's data, Mustache-style: {@code {key}} is the value (a list
 * is joined with newlines), {@code {#key}...{/key}} is kept only when the value is non-empty and
 * {@code {^key}...{/key}} only when it is empty (LiveCodeBench prompts differ for problems with and
 * without starter code). Plain replacement, no format strings: problem text is LaTeX and code, full of
 * braces.
 */
final class PromptRenderer {
    private static final Pattern SECTION = Pattern.compile("\\{([#^])(\\w+)}(.*?)\\{/\\2}", Pattern.DOTALL);
    private static final Pattern VALUE = Pattern.compile("\\{(\\w+)}");

    private PromptRenderer() {}

    static Prompt render(Manifest.PromptTemplate t, Map<String, Object> data) {
        String text = fill(t.template(), data);
        return switch (t.kind()) {
            case "chat" -> Prompt.user(text);
            case "text" -> Prompt.text(text);
            default -> throw new IllegalStateException("prompt kind must be chat or text, got " + t.kind());
        };
    }

    static String fill(String template, Map<String, Object> data) {
        Matcher s = SECTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (s.find()) {
            boolean present = !asText(data.get(s.group(2))).isEmpty();
            boolean keep = s.group(1).equals("#") == present;
            s.appendReplacement(out, Matcher.quoteReplacement(keep ? s.group(3) : ""));
        }
        s.appendTail(out);
        // Values are inserted in one pass, so braces inside a value are never read as placeholders.
        Matcher v = VALUE.matcher(out.toString());
        StringBuilder filled = new StringBuilder();
        while (v.find()) {
            String key = v.group(1);
            v.appendReplacement(filled, Matcher.quoteReplacement(data.containsKey(key) ? asText(data.get(key)) : v.group()));
        }
        v.appendTail(filled);
        return filled.toString();
    }

    private static String asText(Object value) {
        if (value == null) return "";
        if (value instanceof List<?> list) return String.join("\n", list.stream().map(String::valueOf).toList());
        return String.valueOf(value);
    }
}
