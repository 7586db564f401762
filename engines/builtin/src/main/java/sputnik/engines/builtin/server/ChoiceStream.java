package sputnik.engines.builtin.server;

import java.util.ArrayList;
import java.util.List;
import sputnik.engines.builtin.engine.Generator;

/**
 * One choice's text as it is generated, turned into the deltas a client may be sent. A stop string cuts the text
 * where it starts, and the listener hears a token before the stop check that its text completes: the last {@code
 * longest stop} characters are held back until they cannot be the start of one, so that nothing sent is ever taken
 * back (the text sent is always a prefix of the final, cut text). With a {@link ReasoningSplitter}, the text is split into reasoning and content.
 */
final class ChoiceStream {
    /**
     * A token's log-probabilities (null for a prompt's first token, which has no context), with its offset in the
     * choice's text, echoed prompt included (completions' {@code text_offset}).
     */
    record TokenEntry(int id, Generator.TokenLogprobs logprobs, int textOffset) {}

    /** What to send: text for each part and the tokens whose log-probabilities came since the last delta. */
    record Delta(String reasoning, String content, List<TokenEntry> tokens) {
        boolean isEmpty() {
            return reasoning.isEmpty() && content.isEmpty() && tokens.isEmpty();
        }
    }

    private final int holdback, textBase;
    private final ReasoningSplitter splitter;
    private final StringBuilder raw = new StringBuilder();
    private int released;
    private List<TokenEntry> tokens = new ArrayList<>();
    private final StringBuilder reasoning = new StringBuilder(), content = new StringBuilder();
    private final List<TokenEntry> allTokens = new ArrayList<>();

    /**
     * {@code splitter}: null to send the text as it is (completions, or {@code --reasoning-format none}); {@code textBase}:
     * where the generated text starts in the choice's text (the echoed prompt's length, else 0).
     */
    ChoiceStream(List<String> stops, ReasoningSplitter splitter, int textBase) {
        this.textBase = textBase;
        int longest = 0;
        for (String s : stops) longest = Math.max(longest, s.length());
        this.holdback = longest;
        this.splitter = splitter;
    }

    /** A token and its text (the scheduler's listener); {@code logprobs} null when not asked for. */
    Delta token(int id, String text, Generator.TokenLogprobs logprobs) {
        if (logprobs != null) {
            TokenEntry e = new TokenEntry(id, logprobs, textBase + raw.length());
            tokens.add(e);
            allTokens.add(e);
        }
        raw.append(text);
        int upTo = raw.length() - holdback;
        if (upTo > 0 && upTo < raw.length() && Character.isHighSurrogate(raw.charAt(upTo - 1))) upTo--; // never half a character
        return release(Math.max(released, upTo), false);
    }

    /** The generation ended with {@code finalText} (cut at a stop string, if one came): what was held back, less the cut. */
    Delta finish(String finalText) {
        if (!finalText.startsWith(raw.substring(0, released))) {
            throw new IllegalStateException("text already sent is not a prefix of the final text"); // the hold-back's guarantee
        }
        raw.setLength(0);
        raw.append(finalText);
        return release(finalText.length(), true);
    }

    private Delta release(int upTo, boolean end) {
        String text = raw.substring(released, upTo);
        released = upTo;
        String r = "", c = text;
        if (splitter != null) {
            ReasoningSplitter.Delta d = splitter.push(text, end);
            r = d.reasoning();
            c = d.content();
        }
        reasoning.append(r);
        content.append(c);
        List<TokenEntry> t = tokens;
        if (!t.isEmpty()) tokens = new ArrayList<>();
        return new Delta(r, c, t);
    }

    /** Everything sent as reasoning so far (null when none). */
    String reasoning() {
        return splitter == null || reasoning.isEmpty() ? null : reasoning.toString();
    }

    String content() {
        return content.toString();
    }

    List<TokenEntry> tokens() {
        return allTokens;
    }

    /** The echoed prompt's tokens and their log-probabilities, which come before the generated ones. */
    void prompt(List<TokenEntry> entries) {
        allTokens.addAll(0, entries);
    }
}
