package sputnik.engines.openai.client;

/**
 * Splits reasoning out of an answer that carries it inline, as models served without a reasoning
 * parser do: {@code <think>…</think>answer}, or {@code …</think>answer} when the chat template already
 * opened the block in the prompt (DeepSeek-R1 and its distills). The split is at the LAST
 * {@code </think>}, the same place the graders cut. A block that never closes is left as it is, so that
 * the grader still sees it and flags the sample as truncated.
 */
public final class ThinkTags {
    private ThinkTags() {}

    static final String OPEN = "<think>";
    static final String CLOSE = "</think>";

    /**
     * @param reasoning  the thinking text, or null when there was no closed block
     * @param answer     what follows the block (the whole text when there was none)
     * @param answerFrom where the answer starts in the original text (0 when nothing was split off)
     */
    record Split(String reasoning, String answer, int answerFrom) {}

    static Split split(String text) {
        int close = text.lastIndexOf(CLOSE);
        if (close < 0) return new Split(null, text, 0);
        String before = text.substring(0, close);
        int lead = 0;
        while (lead < before.length() && Character.isWhitespace(before.charAt(lead))) lead++;
        if (before.startsWith(OPEN, lead)) before = before.substring(lead + OPEN.length());
        int from = close + CLOSE.length();
        return new Split(before.strip(), text.substring(from), from);
    }
}
