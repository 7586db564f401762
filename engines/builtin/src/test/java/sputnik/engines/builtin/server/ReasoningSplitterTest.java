package sputnik.engines.builtin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReasoningSplitterTest {
    /** Feeds {@code text} in random pieces and returns [reasoning, content]. */
    private static String[] split(String text, boolean opened, long seed) {
        ReasoningSplitter s = new ReasoningSplitter(opened);
        StringBuilder r = new StringBuilder(), c = new StringBuilder();
        SplittableRandom random = new SplittableRandom(seed);
        int at = 0;
        while (at < text.length()) {
            int to = Math.min(text.length(), at + 1 + random.nextInt(4));
            ReasoningSplitter.Delta d = s.push(text.substring(at, to), false);
            r.append(d.reasoning());
            c.append(d.content());
            at = to;
        }
        ReasoningSplitter.Delta d = s.push("", true);
        r.append(d.reasoning());
        c.append(d.content());
        return new String[] {r.toString(), c.toString()};
    }

    private static void check(String text, boolean opened, String reasoning, String content) {
        for (long seed = 0; seed < 40; seed++) assertThat(split(text, opened, seed)).as("seed %d", seed).containsExactly(reasoning, content);
        ReasoningSplitter whole = new ReasoningSplitter(opened);
        ReasoningSplitter.Delta d = whole.push(text, true);
        assertThat(new String[] {d.reasoning(), d.content()}).containsExactly(reasoning, content);
    }

    @Test
    void aBlockTheTextOpensIsReasoning() {
        check("<think>two and two</think>\n\nThe answer is 4.", false, "two and two", "\n\nThe answer is 4.");
        check("  \n<think>x</think>y", false, "x", "y");
    }

    @Test
    void aBlockThePromptOpenedIsReasoningUpToTheFirstClose() {
        check("Two and two.</think>\n\nThe answer is 4.", true, "Two and two.", "\n\nThe answer is 4.");
        check("a</think>b</think>c", true, "a", "b</think>c");
    }

    @Test
    void aBlockThatNeverClosesIsAllReasoning() {
        check("Two and two make", true, "Two and two make", "");
        check("<think>Two and two </thi", false, "Two and two </thi", "");
    }

    @Test
    void textWithoutABlockIsContent() {
        check("The answer is 4.", false, "", "The answer is 4.");
        check("<thinking is fun", false, "", "<thinking is fun");
        check("  <th", false, "", "  <th");
        check("", false, "", "");
    }

    @Test
    void aPartialCloseIsHeldBackUntilTheNextPieceTells() {
        ReasoningSplitter s = new ReasoningSplitter(true);
        assertThat(s.push("abc</th", false)).isEqualTo(new ReasoningSplitter.Delta("abc", ""));
        assertThat(s.push("ink>d", false)).isEqualTo(new ReasoningSplitter.Delta("", "d"));
        ReasoningSplitter t = new ReasoningSplitter(true);
        assertThat(t.push("abc</", false)).isEqualTo(new ReasoningSplitter.Delta("abc", ""));
        assertThat(t.push("b>", false)).isEqualTo(new ReasoningSplitter.Delta("</b>", ""));
    }
}
