package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;

/** A code grader says, before grading, when a problem lacks the data it needs (no sandbox involved). */
class CodeGraderDataTest {
    static final Problem INLINE_ANSWER = new Problem("line-1", Prompt.text(""), "5", Map.of());

    @Test
    void aProblemWithoutTestsIsUngradableNamingTheMissingField() {
        assertThat(new HumanEvalGrader().ungradable(INLINE_ANSWER)).startsWith("it has no 'prompt'").contains("--suite");
        assertThat(new MbppGrader().ungradable(INLINE_ANSWER)).startsWith("it has no 'tests'");
        assertThat(new LiveCodeBenchGrader().ungradable(INLINE_ANSWER)).startsWith("it has no 'tests'");
    }

    @Test
    void aProblemWithItsDataIsGradable() {
        assertThat(new HumanEvalGrader().ungradable(SandboxTesting.returnOne())).isNull();
        assertThat(new LiveCodeBenchGrader().ungradable(SandboxTesting.stdinProblem("Print 1.", "", "1"))).isNull();
    }
}
