package sputnik.engines.openai;

import java.util.Locale;

/** Which OpenAI API the requests go to: chat completions (messages) or text completions (a prompt). */
enum ApiKind {
    CHAT("/chat/completions"),
    COMPLETIONS("/completions");

    final String route;

    ApiKind(String route) {
        this.route = route;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
