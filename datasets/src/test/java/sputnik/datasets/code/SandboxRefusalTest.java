package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sputnik.datasets.testing.RequiresSandbox;
import sputnik.harness.api.Grade;
import sputnik.harness.api.GradingContext;
import sputnik.harness.api.UsageException;
import sputnik.harness.api.Verdict;

/** Without bubblewrap, model-written code runs only when the user explicitly accepts the risk. */
class SandboxRefusalTest {
    String previous;

    @BeforeEach
    void remember() {
        previous = System.getProperty("sputnik.sandbox.bwrap");
    }

    /** Back to what the build set (-Dsputnik.sandbox.bwrap=/nonexistent/bwrap runs the whole build as if bwrap were missing). */
    @AfterEach
    void restore() {
        if (previous == null) System.clearProperty("sputnik.sandbox.bwrap");
        else System.setProperty("sputnik.sandbox.bwrap", previous);
    }

    @Test
    void noBubblewrapIsAUsageErrorSayingWhatToDo() {
        System.setProperty("sputnik.sandbox.bwrap", "/nonexistent/bwrap");
        assertThatThrownBy(() -> new HumanEvalGrader().configure(new GradingContext(1, false)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("bubblewrap (bwrap) is not installed")
                .hasMessageContaining("apt-get install bubblewrap")
                .hasMessageContaining("--unsafe-no-sandbox");
    }

    @Test
    void theUnsafeFlagRunsOnTheHostAndEveryGradeSaysSo() throws Exception {
        System.setProperty("sputnik.sandbox.bwrap", "/nonexistent/bwrap");
        try (HumanEvalGrader g = new HumanEvalGrader()) {
            g.configure(new GradingContext(1, true));
            assertThat(g.settings().get("sandbox").toString()).startsWith("none: UNSAFE");
            Grade grade = g.grade(SandboxTesting.returnOne(), SandboxTesting.answer("    return 1\n"));
            assertThat(grade.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(grade.detail()).containsEntry("sandbox", "none (unsafe)");
        }
    }

    @Test
    @RequiresSandbox
    void withBubblewrapTheSettingsNameItAndThePython() throws Exception {
        try (HumanEvalGrader g = new HumanEvalGrader()) {
            g.configure(new GradingContext(1, false));
            assertThat(g.settings().get("sandbox").toString()).startsWith("bubblewrap");
            assertThat(g.settings().get("python").toString()).contains("Python 3.");
            assertThat(g.settings().get("time_limit").toString()).contains("3.0 s").contains("10.0 x the reference");
        }
    }
}
