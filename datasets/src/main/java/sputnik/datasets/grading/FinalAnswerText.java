package sputnik.datasets.grading;

import java.util.List;

/**
 * The part of a response that may hold the final answer. Reasoning models try values out while thinking,
 * so a number inside the thinking is not an answer: the answer part is what follows the last closed
 * thinking block, and, where the model writes its answer into a solution section, that section alone.
 * A thinking block that never closes means the model was still thinking when it stopped: there is no
 * answer at all, and {@link #unclosedThinking} names the block's opening marker.
 *
 * <p>The formats are one table, {@link #THINKING}, so that another model family's markers are one line.
 *
 * @param text             the answer part ("" when there is none)
 * @param unclosedThinking the opening marker of a thinking block that never closed, or null
 */
public record FinalAnswerText(String text, String unclosedThinking) {

    /** A pair of markers around a block. */
    record Block(String open, String close) {}

    /**
     * Thinking blocks: DeepSeek-R1 and most open reasoning models ({@code <think>}), Sky-T1 / OpenThoughts /
     * Bespoke-Stratos ({@code <|begin_of_thought|>}), Kimi ({@code ◁think▷}).
     */
    static final List<Block> THINKING = List.of(
            new Block("<think>", "</think>"),
            new Block("<|begin_of_thought|>", "<|end_of_thought|>"),
            new Block("\u25c1think\u25b7", "\u25c1/think\u25b7"));

    /** The section that holds the answer in the Sky-T1 / OpenThoughts format; everything else is not the answer. */
    static final Block SOLUTION = new Block("<|begin_of_solution|>", "<|end_of_solution|>");

    public static FinalAnswerText of(String completionText) {
        int after = 0;
        for (Block b : THINKING) {
            int close = completionText.lastIndexOf(b.close());
            if (close >= 0) after = Math.max(after, close + b.close().length());
        }
        String rest = completionText.substring(after);
        for (Block b : THINKING) {
            if (rest.contains(b.open())) return new FinalAnswerText("", b.open());
        }
        return new FinalAnswerText(solutionSection(rest), null);
    }

    /** Whether the response stopped inside its thinking: no answer, and the sample counts as truncated. */
    public boolean unclosedThink() {
        return unclosedThinking != null;
    }

    /** Why there is no answer, for a grade's detail, when {@link #unclosedThink()}. */
    public String unclosedReason() {
        return "the thinking block (" + unclosedThinking + ") never closed: no final answer";
    }

    /**
     * The last solution section, up to its end marker (to the end of the text if it has none: a cut-off
     * solution is still the solution); the whole text when there is no section.
     */
    private static String solutionSection(String text) {
        int open = text.lastIndexOf(SOLUTION.open());
        if (open < 0) {
            int close = text.lastIndexOf(SOLUTION.close());
            return close < 0 ? text : text.substring(0, close); // the section was opened by the prompt
        }
        String section = text.substring(open + SOLUTION.open().length());
        int close = section.indexOf(SOLUTION.close());
        return close < 0 ? section : section.substring(0, close);
    }
}
