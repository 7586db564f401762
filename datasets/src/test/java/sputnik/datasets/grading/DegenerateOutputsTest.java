package sputnik.datasets.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;

/**
 * Models sometimes loop: hundreds of kilobytes of one phrase, one line or one character. Reading a final answer
 * out of such an output must stay linear: each case here made an earlier extractor quadratic (a regex anchored at
 * the end tried from every position, a search to the end of the text for every phrase). The limit is not a speed
 * target, only far above what linear work takes, so that a quadratic regression fails instead of hanging a run.
 */
class DegenerateOutputsTest {

    static Map<String, String> outputs() {
        return Map.ofEntries(
                Map.entry("line breaks after a conclusion word", "Therefore,\n".repeat(50_000) + "x = 3"),
                Map.entry("a run of spaces", "So the total is" + " ".repeat(200_000) + "x"),
                Map.entry("spaces before 'is the answer'", "x" + " ".repeat(200_000) + "is the answer"),
                Map.entry("conclusion markers", "So, ".repeat(100_000) + "the total is 5"),
                Map.entry("filler words", "The answer is " + "indeed ".repeat(50_000) + "5"),
                Map.entry("unclosed displays after phrases", "The answer is \\[".repeat(50_000)),
                Map.entry("phrases on one line", "the answer is x ".repeat(50_000)),
                Map.entry("one long word", "So the total is " + "x".repeat(300_000)),
                Map.entry("a long equation chain", "Thus $" + "x=".repeat(100_000) + "1$"),
                Map.entry("many sentences", "So x is 1. ".repeat(60_000)),
                Map.entry("dollar signs", "$".repeat(200_000)),
                Map.entry("periods", ".".repeat(200_000) + " So the answer is"));
    }

    static Object[][] cases() {
        Grader[] graders = {new MathGrader(), new AimeGrader()};
        return outputs().entrySet().stream()
                .flatMap(e -> java.util.Arrays.stream(graders).map(g -> new Object[] {g.name(), e.getKey(), e.getValue(), g}))
                .toArray(Object[][]::new);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aLoopingOutputIsGradedWithoutBlowingUp(String grader, String what, String output, Grader g) {
        Grade grade = g.grade(new Problem("p", Prompt.user("q"), "5", Map.of()), new Completion(output, null, FinishReason.STOP, 0, 0, null));
        assertThat(grade.verdict()).isNotNull();
    }
}
