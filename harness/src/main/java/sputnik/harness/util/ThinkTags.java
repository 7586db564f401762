package sputnik.harness.util;

/**
 * Reasoning that a model writes inline in its text: {@code <think>…</think>answer}, or {@code …</think>answer} when
 * the chat template already opened the block in the prompt (DeepSeek-R1 and its distills). Engines split it off into
 * the completion's reasoning, at the LAST {@code </think>}, the same place the graders cut. A block that never closes
 * is left in the text as it is, so that the grader still sees it and flags the sample as truncated.
 */
public final class ThinkTags {
    private ThinkTags() {}

    public static final String OPEN = "<think>";
    public static final String CLOSE = "</think>";

    /**
     * @param reasoning  the thinking text, or null when there was no closed block
     * @param answer     what follows the block (the whole text when there was none)
     * @param answerFrom where the answer starts in the original text (0 when nothing was split off)
     */
    public record Split(String reasoning, String answer, int answerFrom) {}

    public static Split split(String text) {
        int close = text.lastIndexOf(CLOSE);
        if (close < 0) return new Split(null, text, 0);
        String before = text.substring(0, close);
        int lead = 0;
        while (lead < before.length() && Character.isWhitespace(before.charAt(lead))) lead++;
        if (before.startsWith(OPEN, lead)) before = before.substring(lead + OPEN.length());
        int from = close + CLOSE.length();
        return new Split(before.strip(), text.substring(from), from);
    }

    /**
     * Splits what a model generated after a prompt that ended by opening the block with {@code opener} (R1's
     * {@code "<think>\n"}; null when the prompt opened none). A block that closed splits as in {@link #split}. One that
     * never closed is given back whole, with the opener put back in front: without it the text would read as an
     * answer (nothing in it says it is thinking), and the grader would grade it instead of flagging it as truncated.
     */
    public static Split splitAfterPrompt(String opener, String generated) {
        Split s = split(generated);
        if (s.reasoning() != null || opener == null) return s;
        return new Split(null, opener + generated, 0);
    }
}
