package sputnik.harness.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThinkTagsTest {
    @Test
    void thinkTagsSplitAtTheLastClose() {
        assertThat(ThinkTags.split("<think>a</think>b")).isEqualTo(new ThinkTags.Split("a", "b", 16));
        assertThat(ThinkTags.split("\n <think>\nplan\n</think>\n\nAnswer")).extracting(ThinkTags.Split::reasoning, ThinkTags.Split::answer)
                .containsExactly("plan", "\n\nAnswer");
        assertThat(ThinkTags.split("opened in the prompt</think>x").reasoning()).isEqualTo("opened in the prompt");
        assertThat(ThinkTags.split("<think>a</think>b</think>c")).extracting(ThinkTags.Split::reasoning, ThinkTags.Split::answer)
                .containsExactly("a</think>b", "c");
        assertThat(ThinkTags.split("<think>never closed")).isEqualTo(new ThinkTags.Split(null, "<think>never closed", 0));
        assertThat(ThinkTags.split("plain")).isEqualTo(new ThinkTags.Split(null, "plain", 0));
    }

    @Test
    void aBlockThePromptOpenedGetsItsOpenerBackWhenItNeverCloses() {
        // closed: as split, the opener is the prompt's and stays out of both parts
        assertThat(ThinkTags.splitAfterPrompt("<think>\n", "plan\n</think>\n\nAnswer: 4"))
                .isEqualTo(new ThinkTags.Split("plan", "\n\nAnswer: 4", 13));
        // never closed: all of it is thinking, and the text says so
        assertThat(ThinkTags.splitAfterPrompt("<think>\n", "Okay, so 2 + 2 is 4"))
                .isEqualTo(new ThinkTags.Split(null, "<think>\nOkay, so 2 + 2 is 4", 0));
        assertThat(ThinkTags.splitAfterPrompt("<think>\n", "")).isEqualTo(new ThinkTags.Split(null, "<think>\n", 0));
        // no block opened by the prompt: the text is the model's own
        assertThat(ThinkTags.splitAfterPrompt(null, "The answer is 4")).isEqualTo(new ThinkTags.Split(null, "The answer is 4", 0));
        assertThat(ThinkTags.splitAfterPrompt(null, "<think>a</think>b")).isEqualTo(new ThinkTags.Split("a", "b", 16));
    }
}
