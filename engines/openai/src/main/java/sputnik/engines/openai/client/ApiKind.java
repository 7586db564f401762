package sputnik.engines.openai.client;

import java.util.Locale;

/** Which OpenAI API the requests go to: chat completions (messages) or text completions (a prompt). */
public enum ApiKind {
    CHAT("/chat/completions"),
    COMPLETIONS("/completions");

    public final String route;

    ApiKind(String route) {
        this.route = route;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
