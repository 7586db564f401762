package sputnik.harness.api;

import java.util.Objects;

/** One chat message: {@code role} is "system", "user" or "assistant". */
public record Message(String role, String content) {
    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static Message user(String content) {
        return new Message("user", content);
    }

    public static Message system(String content) {
        return new Message("system", content);
    }
}
