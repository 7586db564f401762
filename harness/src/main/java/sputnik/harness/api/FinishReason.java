package sputnik.harness.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why generation ended, in OpenAI's vocabulary. {@code LENGTH} means the output was cut at max_tokens. */
public enum FinishReason {
    STOP,
    LENGTH,
    UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static FinishReason parse(String s) {
        if (s == null) return UNKNOWN;
        return switch (s) {
            case "stop", "eos", "stop_sequence", "end_turn" -> STOP;
            case "length", "max_tokens" -> LENGTH;
            default -> UNKNOWN;
        };
    }
}
