package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;
import static sputnik.datasets.code.SandboxTesting.fenced;
import static sputnik.datasets.code.SandboxTesting.functionalProblem;
import static sputnik.datasets.code.SandboxTesting.functionalTest;
import static sputnik.datasets.code.SandboxTesting.stdinProblem;

import com.fasterxml.jackson.databind.node.IntNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sputnik.datasets.testing.RequiresSandbox;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Verdict;

@RequiresSandbox
class LiveCodeBenchGraderTest {
    static LiveCodeBenchGrader grader;

    @BeforeAll
    static void setUp() {
        grader = SandboxTesting.configured(new LiveCodeBenchGrader(), 2);
    }

    @AfterAll
    static void tearDown() {
        if (grader != null) grader.close();
    }

    static Grade sum(String code) {
        return grader.grade(stdinProblem("Print the sum of the numbers.", "3\n1 2 3\n", "6\n"), fenced(code));
    }

    @Test
    void stdinProgramsReadInputEveryWay() {
        assertThat(sum("n = int(input())\nprint(sum(map(int, input().split())))").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(sum("import sys\ndata = sys.stdin.read().split()\nprint(sum(map(int, data[1:])))").verdict()).isEqualTo(Verdict.CORRECT);
        // sys.stdin.buffer: a known source of false negatives where stdin is patched with a StringIO
        assertThat(sum("import sys\ndata = sys.stdin.buffer.read().split()\nprint(sum(map(int, data[1:])))").verdict())
                .isEqualTo(Verdict.CORRECT);
        assertThat(sum("import sys\ninput = sys.stdin.readline\nn = int(input())\nprint(sum(map(int, input().split())))").verdict())
                .isEqualTo(Verdict.CORRECT);
        assertThat(sum("def main():\n    input()\n    print(sum(map(int, input().split())))\nif __name__ == '__main__':\n    main()\n").verdict())
                .isEqualTo(Verdict.CORRECT);
    }

    @Test
    void verdictsForWrongCrashingBrokenAndSlowPrograms() {
        Grade wrong = sum("print(7)");
        assertThat(wrong.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(wrong.detail().get("reason").toString()).contains("test 1").contains("expected '6', got '7'");
        Grade crash = sum("raise ValueError('no')");
        assertThat(crash.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(crash.detail().get("stderr").toString()).contains("ValueError: no");
        assertThat(sum("print(6").verdict()).isEqualTo(Verdict.COMPILE_ERROR);
        assertThat(sum("x = ' ' * (4 * 1024 ** 3)").verdict()).isEqualTo(Verdict.MEMORY_LIMIT);
        assertThat(sum("exit(3)").verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(sum("import sys\nprint(6)\nsys.exit(0)").verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void leetCodeStyleCallsCompareReturnedValuesInTheJvm() {
        var problem = functionalProblem(List.of(functionalTest("1\n2", "3"), functionalTest("[4]\n5", "[4, 5]")));
        String good = "class Solution:\n    def add(self, a, b):\n        return a + b if isinstance(a, int) else tuple(a + [b])\n";
        assertThat(grader.grade(problem, fenced(good)).verdict()).isEqualTo(Verdict.CORRECT); // a tuple counts as a list
        String wrong = "class Solution:\n    def add(self, a, b):\n        return a + b if isinstance(a, int) else a\n";
        Grade g = grader.grade(problem, fenced(wrong));
        assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(g.detail().get("reason").toString()).contains("test 2").contains("expected [4,5], got [4]");
        String equalToAll = "class E:\n    def __eq__(self, o):\n        return True\nclass Solution:\n    def add(self, a, b):\n        return E()\n";
        assertThat(grader.grade(problem, fenced(equalToAll)).verdict()).isEqualTo(Verdict.INCORRECT);
        String raises = "class Solution:\n    def add(self, a, b):\n        return a / 0\n";
        assertThat(grader.grade(problem, fenced(raises)).verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        // LiveCodeBench's import block comes first: List without an import works, as upstream.
        String typed = "class Solution:\n    def add(self, a: int, b: int) -> int:\n        xs: List[int] = [a, b]\n"
                + "        return sum(xs) if isinstance(a, int) else a + [b]\n";
        assertThat(grader.grade(problem, fenced(typed)).verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void aStatedToleranceAcceptsCloseFloats() {
        var problem = stdinProblem("Print 1/3. Your answer is considered correct if its absolute or relative error does not exceed 10^{-6}.",
                "", "0.333333333333\n");
        assertThat(grader.grade(problem, fenced("print('%.7f' % (1/3))")).verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(grader.grade(problem, fenced("print('0.3334')")).verdict()).isEqualTo(Verdict.INCORRECT);
    }

    /**
     * LeetCode-style tests share one process: each test has its own limit, and the process's CPU rlimit (a
     * backstop over its whole life) must not add them up into one: 4 tests of 0.7 s CPU each under a 1 s limit
     * per test pass (with the rlimit at one test's limit, the process was killed in test 3 as a timeout).
     */
    @Test
    void testsOfOneFunctionalProgramHaveALimitEachNotOneTogether() throws Exception {
        String code = String.join("\n",
                "import time",
                "class Solution:",
                "    def add(self, a, b):",
                "        t = time.process_time()",
                "        while time.process_time() - t < 0.7:",
                "            pass",
                "        return a + b",
                "");
        List<List<Object>> args = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) args.add(List.of(PyValues.fromJson(IntNode.valueOf(2 * t)), PyValues.fromJson(IntNode.valueOf(1))));
        try (var sandbox = sputnik.datasets.sandbox.CodeSandbox.open(1, false, sputnik.datasets.sandbox.SandboxLimits.defaults())) {
            var j = sandbox.callEach(new sputnik.datasets.sandbox.Program(code, "", null), "Solution", "add", args, 1000,
                    (t, value) -> PyValues.equal(value, IntNode.valueOf(2 * t + 1)) ? null : "got " + PyValues.show(value));
            assertThat(j.verdict()).as(j.detail().toString()).isEqualTo(Verdict.CORRECT);
        }
    }
}
