package sputnik.harness.api;

import java.util.List;

/**
 * What a problem asks the model, in one of the two forms engines accept: a chat conversation (the
 * engine applies the model's chat template) or raw text continued as is (base models, HumanEval-style
 * completion).
 */
public sealed interface Prompt {

    /** The prompt as one string: the text itself, or the messages joined for hashing and display. */
    String display();

    record Chat(List<Message> messages) implements Prompt {
        public Chat {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) throw new IllegalArgumentException("a chat prompt needs a message");
        }

        @Override
        public String display() {
            StringBuilder b = new StringBuilder();
            for (Message m : messages) b.append('[').append(m.role()).append("]\n").append(m.content()).append('\n');
            return b.toString();
        }
    }

    record Text(String text) implements Prompt {
        @Override
        public String display() {
            return text;
        }
    }

    static Prompt user(String text) {
        return new Chat(List.of(Message.user(text)));
    }

    static Prompt text(String text) {
        return new Text(text);
    }
}
