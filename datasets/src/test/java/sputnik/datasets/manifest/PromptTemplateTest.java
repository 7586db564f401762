package sputnik.datasets.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Prompt;

class PromptTemplateTest {
    private static String fill(String template, Map<String, Object> data) {
        return new PromptTemplate("text", template).render(data).display();
    }

    @Test
    void valuesAreInsertedVerbatimBracesAndMarkupIncluded() {
        assertThat(fill("Q: {{problem}}\nA: \\boxed{}", Map.of("problem", "Find $\\frac{a}{b}$ if {{x}} < 3 & y > \"2\".")))
                .isEqualTo("Q: Find $\\frac{a}{b}$ if {{x}} < 3 & y > \"2\".\nA: \\boxed{}");
    }

    @Test
    void aListInsertedWholeIsOneItemPerLineAndASectionIteratesIt() {
        Map<String, Object> data = Map.of("tests", List.of("assert f(1) == 1", "assert f(2) == 4"));
        assertThat(fill("{{tests}}", data)).isEqualTo("assert f(1) == 1\nassert f(2) == 4");
        assertThat(fill("{{#tests}}- {{.}}\n{{/tests}}", data)).isEqualTo("- assert f(1) == 1\n- assert f(2) == 4\n");
    }

    @Test
    void sectionsAreConditionalsOnWhetherAValueIsEmpty() {
        String t = "{{#code}}use {{code}}{{/code}}{{^code}}read stdin{{/code}}";
        assertThat(fill(t, Map.of("code", "class Solution: pass"))).isEqualTo("use class Solution: pass");
        assertThat(fill(t, Map.of("code", ""))).isEqualTo("read stdin");
        assertThat(fill(t, Map.of())).isEqualTo("read stdin");
        assertThat(fill("level {{level}}{{#level}}!{{/level}}", Map.of("level", 5))).isEqualTo("level 5!");
    }

    @Test
    void aSectionThatSpansLinesKeepsTheBlankLineAfterIt() {
        // A Mustache implementation (mustache.java 0.9) dropped this newline; LiveCodeBench's prompt has this shape.
        assertThat(fill("{{^x}}G\n```{{/x}}\n\nB\n", Map.of())).isEqualTo("G\n```\n\nB\n");
        assertThat(fill("{{#x}}F\n{{x}}\n```{{/x}}\n\nB", Map.of("x", "v"))).isEqualTo("F\nv\n```\n\nB");
    }

    @Test
    void aMissingKeyInsertsNothing() {
        assertThat(fill("[{{nope}}]", Map.of())).isEqualTo("[]");
    }

    @Test
    void chatTemplatesAreOneUserMessage() {
        Prompt p = new PromptTemplate("chat", "{{problem}}").render(Map.of("problem", "2+2?"));
        assertThat(p).isInstanceOf(Prompt.Chat.class);
        assertThat(((Prompt.Chat) p).messages()).singleElement().satisfies(m -> assertThat(m.role()).isEqualTo("user"));
    }

    @Test
    void variablesListsEveryKeyTheTemplateReads() {
        assertThat(new PromptTemplate("chat", "{{a}} {{#b}}{{c}}{{.}}{{/b}}{{^d}}x{{/d}}").variables()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void partialsAndSyntaxErrorsAreRefused() {
        assertThatThrownBy(() -> new PromptTemplate("chat", "{{> /etc/passwd}}").variables()).hasMessageContaining("partials");
        assertThatThrownBy(() -> new PromptTemplate("chat", "{{#open}} never closed").variables()).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> new PromptTemplate("json", "x").renderer()).hasMessageContaining("chat or text");
    }
}
