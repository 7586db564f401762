package sputnik.datasets.code;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import sputnik.datasets.testing.SandboxCondition;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.GradingContext;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.UsageException;

/**
 * Helpers for tests that run code in the real sandbox (bubblewrap; .ci/run installs it). Such tests are
 * marked {@link sputnik.datasets.testing.RequiresSandbox}, which skips each of them where there is none.
 */
final class SandboxTesting {
    private SandboxTesting() {}

    /**
     * The grader, configured to run code in the real sandbox; null where no sandbox can run (then every
     * test that would use it is skipped by {@link sputnik.datasets.testing.RequiresSandbox}, so a
     * {@code @BeforeAll} may call this and leave the skipping to the tests).
     */
    static <G extends CodeGrader> G configured(G grader, int workers) {
        if (SandboxCondition.unavailable() != null) return null;
        try {
            grader.configure(new GradingContext(workers, false));
        } catch (UsageException e) {
            throw new IllegalStateException(e);
        }
        return grader;
    }

    static Completion answer(String text) {
        return new Completion(text, null, FinishReason.STOP, 0, 0, null);
    }

    static Completion fenced(String code) {
        return answer("Here is the code:\n```python\n" + code + "\n```\n");
    }

    /** A HumanEval-shaped problem: return1() must return 1 (the dataset's own smoke-test problem, test/0). */
    static Problem returnOne() {
        return new Problem("test/0", Prompt.text("def return1():\n"), null, Map.of(
                "prompt", "def return1():\n",
                "test", "def check(candidate):\n    assert candidate() == 1\n",
                "entry_point", "return1",
                "reference", "    return 1\n"));
    }

    /** A contest problem on stdin/stdout with one test. */
    static Problem stdinProblem(String statement, String input, String output) {
        return new Problem("contest/1", Prompt.user(statement), null, Map.of(
                "tests", List.of(Map.of("input", input, "output", output, "testtype", "stdin"))));
    }

    /** A LeetCode-style problem: Solution().add(a, b). */
    static Problem functionalProblem(List<Map<String, Object>> tests) {
        return new Problem("leetcode/1", Prompt.user("Add two numbers."), null, Map.of("tests", tests, "func_name", "add"));
    }

    static Map<String, Object> functionalTest(String input, String output) {
        return Map.of("input", input, "output", output, "testtype", "functional");
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
