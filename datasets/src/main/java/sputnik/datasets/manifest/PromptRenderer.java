package sputnik.datasets.manifest;

import sputnik.harness.api.Prompt;

/**
 * Fills a manifest's template. Only {@code {problem}} is substituted, by plain replacement: problem
 * text is LaTeX, full of braces a format string would choke on.
 */
final class PromptRenderer {
    private PromptRenderer() {}

    static Prompt render(Manifest.PromptTemplate t, String problem) {
        String text = t.template().replace("{problem}", problem);
        return switch (t.kind()) {
            case "chat" -> Prompt.user(text);
            case "text" -> Prompt.text(text);
            default -> throw new IllegalStateException("prompt kind must be chat or text, got " + t.kind());
        };
    }
}
