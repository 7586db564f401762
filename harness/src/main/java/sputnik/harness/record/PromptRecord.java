package sputnik.harness.record;

import java.util.List;
import sputnik.harness.api.Message;
import sputnik.harness.api.Prompt;
import sputnik.harness.util.Hashing;

/**
 * One line of a run's prompts.jsonl: a prompt exactly as sent, once per distinct prompt. Samples refer to
 * it by {@code prompt_sha256}, the SHA-256 of {@link Prompt#display()}, so a run keeps every prompt it
 * sent without repeating a 2 KB prompt in each of 64 samples.
 *
 * @param kind     "chat" (messages) or "text"
 * @param messages the chat messages; null for text
 * @param text     the raw text; null for chat
 */
public record PromptRecord(String sha256, String kind, List<Message> messages, String text) {

    public static PromptRecord of(Prompt p) {
        return switch (p) {
            case Prompt.Chat c -> new PromptRecord(Hashing.sha256(p.display()), "chat", c.messages(), null);
            case Prompt.Text t -> new PromptRecord(Hashing.sha256(p.display()), "text", null, t.text());
        };
    }

    public Prompt prompt() {
        return kind.equals("chat") ? new Prompt.Chat(messages) : new Prompt.Text(text);
    }
}
