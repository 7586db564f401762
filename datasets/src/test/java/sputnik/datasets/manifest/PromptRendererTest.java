package sputnik.datasets.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptRendererTest {
    @Test
    void valuesAreInsertedVerbatimEvenWithBraces() {
        assertThat(PromptRenderer.fill("Q: {problem}\nA:", Map.of("problem", "Find $\\frac{a}{b}$ and {x}.")))
                .isEqualTo("Q: Find $\\frac{a}{b}$ and {x}.\nA:");
    }

    @Test
    void listsAreJoinedWithNewlines() {
        assertThat(PromptRenderer.fill("{tests}", Map.of("tests", List.of("assert f(1) == 1", "assert f(2) == 4"))))
                .isEqualTo("assert f(1) == 1\nassert f(2) == 4");
    }

    @Test
    void sectionsDependOnWhetherAValueIsEmpty() {
        String t = "{#code}use {code}{/code}{^code}read stdin{/code}";
        assertThat(PromptRenderer.fill(t, Map.of("code", "class Solution: pass"))).isEqualTo("use class Solution: pass");
        assertThat(PromptRenderer.fill(t, Map.of("code", ""))).isEqualTo("read stdin");
        assertThat(PromptRenderer.fill(t, Map.of())).isEqualTo("read stdin");
    }

    @Test
    void unknownPlaceholdersStayAsTheyAre() {
        assertThat(PromptRenderer.fill("\\boxed{} {nope}", Map.of())).isEqualTo("\\boxed{} {nope}");
    }
}
