package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.datasets.testing.RequiresSandbox;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.api.Verdict;

/**
 * humaneval-plus and mbpp-plus on the fixtures, loaded through the suite files: a solution right on
 * every input, one right only on the base inputs, wrong ones, EvalPlus's float tolerance and its
 * special cases, each with the base result kept beside the verdict.
 */
@RequiresSandbox
class PlusGradersTest {
    @TempDir
    static Path tmp;

    static HumanEvalPlusGrader humanEval;
    static MbppPlusGrader mbpp;
    static Suite heSuite;
    static Suite mbppSuite;

    @BeforeAll
    static void setUp() throws Exception {
        humanEval = SandboxTesting.configured(new HumanEvalPlusGrader(), 2);
        mbpp = SandboxTesting.configured(new MbppPlusGrader(), 2);
        heSuite = PlusFixtures.humanEvalPlus(java.nio.file.Files.createDirectories(tmp.resolve("he")));
        mbppSuite = PlusFixtures.mbppPlus(java.nio.file.Files.createDirectories(tmp.resolve("mbpp")));
    }

    @AfterAll
    static void tearDown() {
        if (humanEval != null) humanEval.close();
        if (mbpp != null) mbpp.close();
    }

    private static Problem problem(Suite s, String id) {
        return s.problems().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    private static Grade he(String id, String code) {
        return humanEval.grade(problem(heSuite, id), SandboxTesting.fenced(code));
    }

    private static Grade mbpp(String id, String code) {
        return mbpp.grade(problem(mbppSuite, id), SandboxTesting.fenced(code));
    }

    @Test
    void aSolutionRightOnEveryInputIsCorrectOnBoth() {
        Grade g = he("Fixture/0", "def add(a, b):\n    return a + b");
        assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(g.detail()).containsEntry("base", "correct").containsEntry("base_inputs", 3).containsEntry("plus_inputs", 3)
                .doesNotContainKey("failed_on");
        // a body that continues the prompt is assembled as for HumanEval
        assertThat(he("Fixture/0", "    return b + a").verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void aSolutionRightOnlyOnTheBaseInputsPassesBaseAndFailsPlus() {
        Grade g = he("Fixture/0", "def add(a, b):\n    return abs(a) + abs(b)");
        assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(g.detail()).containsEntry("base", "correct").containsEntry("failed_on", "plus");
        assertThat((String) g.detail().get("reason")).contains("plus input 1 of 3: [-5, 5] -> expected 0, got 10");
    }

    @Test
    void aWrongSolutionFailsBaseAndIsNotRunOnThePlusInputs() {
        Grade g = he("Fixture/0", "def add(a, b):\n    return a - b");
        assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(g.detail()).containsEntry("base", "incorrect").containsEntry("failed_on", "base");
        assertThat((String) g.detail().get("reason")).contains("base input 1 of 3: [1, 2] -> expected 3, got -1");
        Grade raised = he("Fixture/0", "def add(a, b):\n    raise ValueError('no')");
        assertThat(raised.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(raised.detail()).containsEntry("base", "runtime_error");
    }

    @Test
    void floatsWithinTheTolerancePassAndFloatsBeyondItDoNot() {
        // atol 1e-6 (with EvalPlus's relative 1e-7): 1e-9 off is right, 1e-3 off is wrong
        assertThat(he("Fixture/1", "def mean(xs):\n    return sum(xs) / len(xs) + 1e-9").verdict()).isEqualTo(Verdict.CORRECT);
        Grade off = he("Fixture/1", "def mean(xs):\n    return sum(xs) / len(xs) + 1e-3");
        assertThat(off.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(off.detail()).containsEntry("base", "incorrect");
        // an int where a float is expected fails the type check EvalPlus makes before the tolerance
        assertThat(he("Fixture/1", "def mean(xs):\n    return round(sum(xs) / len(xs)) if len(xs) > 1 else xs[0]").verdict())
                .isEqualTo(Verdict.INCORRECT);
    }

    @Test
    void findZeroAcceptsAnyRootNotOnlyTheReferences() {
        // the reference returns +2 for x^2 - 4; -2 is a root too
        String other = "def find_zero(xs):\n    if len(xs) == 2:\n        return -xs[0] / xs[1]\n"
                + "    return (-xs[1] - (xs[1] ** 2 - 4 * xs[2] * xs[0]) ** 0.5) / (2 * xs[2])";
        assertThat(he("Fixture/2", other).verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(he("Fixture/2", "def find_zero(xs):\n    return 0.5").verdict()).isEqualTo(Verdict.INCORRECT);
    }

    @Test
    void mbppInputsArriveWithTheTypesEvalPlusGivesThem() {
        // Mbpp/2's arguments are tuples in EvalPlus (JSON has only lists)
        assertThat(mbpp("Mbpp/2", "def type_name(t):\n    return type(t).__name__").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(mbpp("Mbpp/2", "def type_name(t):\n    return 'list'").detail()).containsEntry("base", "incorrect");
    }

    @Test
    void setComparedTasksAcceptAnyOrderButNotOtherElements() {
        assertThat(mbpp("Mbpp/769", "def Diff(a, b):\n    return sorted(set(a) - set(b), reverse=True)").verdict()).isEqualTo(Verdict.CORRECT);
        Grade g = mbpp("Mbpp/769", "def Diff(a, b):\n    return [x for x in a if x not in b][:2]");
        assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(g.detail()).containsEntry("base", "correct").containsEntry("failed_on", "plus");
    }

    @Test
    void anEntryPointNamedCheckWithNoPlusInputsIsGradedOnItsBaseInputs() {
        Grade g = mbpp("Mbpp/56", "def check(n):\n    return n % 2 == 0");
        assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(g.detail()).containsEntry("base", "correct").containsEntry("plus_inputs", 0);
    }

    @Test
    void infinitiesCrossAsNumbers() {
        assertThat(mbpp("Mbpp/404", "def minimum(a, b):\n    return min(a, b)").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(mbpp("Mbpp/404", "def minimum(a, b):\n    return a if a < 1e300 else 0").detail()).containsEntry("failed_on", "plus");
    }

    @Test
    void aLongOutputCrossesTheSandboxInParts() {
        // over a million items: more than one value may hold at the boundary, as HumanEval/100's outputs are
        Grade g = he("Fixture/0", "def add(a, b):\n    if a == 7:\n        return [0] * 1_500_000\n    return a + b");
        assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat((String) g.detail().get("reason")).contains("base input 3 of 3: [7, 35] -> expected 42, got [0, 0, 0");
    }

    @Test
    void aGradeSaysWhichResultItsTimeLimitsBelongTo() {
        Grade g = he("Fixture/0", "def add(a, b):\n    return a + b");
        assertThat(g.detail()).containsKeys("time_limit_ms", "base_time_limit_ms");
        assertThat(Map.copyOf(g.detail())).containsEntry("assembled", "prompt_plus_function");
    }
}
