package sputnik.datasets.grading;

/**
 * The part of a response that may hold the final answer: everything after the last {@code </think>}.
 * Reasoning models try values out while thinking, so a number inside the thinking is not an answer.
 * A {@code <think>} that never closes means the model was still thinking when it stopped: there is no
 * answer at all, and {@link #unclosedThink} says so.
 */
record FinalAnswerText(String text, boolean unclosedThink) {

    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    static FinalAnswerText of(String completionText) {
        int close = completionText.lastIndexOf(CLOSE);
        String after = close < 0 ? completionText : completionText.substring(close + CLOSE.length());
        if (after.contains(OPEN)) return new FinalAnswerText("", true);
        return new FinalAnswerText(after, false);
    }
}
