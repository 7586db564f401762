package sputnik.engines.builtin.server;

import sputnik.harness.util.ThinkTags;

/**
 * Splits a chat completion's text, as it streams, into reasoning and content, as vLLM's and llama.cpp's DeepSeek-R1
 * reasoning parsers do: when the prompt opened a {@code <think>} block (R1's template) or the text opens one (Qwen3),
 * everything up to the first {@code </think>} is reasoning, the rest is content; a block that never closes is all
 * reasoning; text that opens no block is all content. Text that may be the start of a tag is held back until the next
 * piece tells. Feeding a whole text at once gives the same split, so streamed and whole responses agree.
 */
final class ReasoningSplitter {
    /** What one piece of text adds to each part (either may be empty). */
    record Delta(String reasoning, String content) {
        static final Delta EMPTY = new Delta("", "");

        boolean isEmpty() {
            return reasoning.isEmpty() && content.isEmpty();
        }
    }

    private enum State { START, THINKING, CONTENT }

    private State state;
    private final StringBuilder pending = new StringBuilder();

    /** {@code openedInPrompt}: the chat template ended the prompt inside a {@code <think>} block. */
    ReasoningSplitter(boolean openedInPrompt) {
        state = openedInPrompt ? State.THINKING : State.START;
    }

    /** Adds {@code text}; with {@code end}, nothing more comes and nothing is held back. */
    Delta push(String text, boolean end) {
        pending.append(text);
        StringBuilder reasoning = new StringBuilder(), content = new StringBuilder();
        if (state == State.START) {
            int lead = 0;
            while (lead < pending.length() && Character.isWhitespace(pending.charAt(lead))) lead++;
            String rest = pending.substring(lead);
            if (rest.startsWith(ThinkTags.OPEN)) {
                pending.delete(0, lead + ThinkTags.OPEN.length());
                state = State.THINKING;
            } else if (!end && ThinkTags.OPEN.startsWith(rest)) {
                return Delta.EMPTY; // "", "  <th": too early to tell
            } else {
                state = State.CONTENT;
            }
        }
        if (state == State.THINKING) {
            int close = pending.indexOf(ThinkTags.CLOSE);
            if (close >= 0) {
                reasoning.append(pending, 0, close);
                pending.delete(0, close + ThinkTags.CLOSE.length());
                state = State.CONTENT;
            } else {
                int keep = end ? 0 : partialTag(pending, ThinkTags.CLOSE);
                reasoning.append(pending, 0, pending.length() - keep);
                pending.delete(0, pending.length() - keep);
            }
        }
        if (state == State.CONTENT) {
            content.append(pending);
            pending.setLength(0);
        }
        return new Delta(reasoning.toString(), content.toString());
    }

    /** The length of the longest end of {@code s} that is a proper start of {@code tag}. */
    static int partialTag(CharSequence s, String tag) {
        for (int k = Math.min(tag.length() - 1, s.length()); k > 0; k--) {
            boolean match = true;
            for (int i = 0; i < k && match; i++) match = s.charAt(s.length() - k + i) == tag.charAt(i);
            if (match) return k;
        }
        return 0;
    }
}
