package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sputnik.datasets.testing.RequiresSandbox;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Verdict;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Json;

/** openai/human-eval's own adversarial smoke test (examples/example_samples.jsonl) and the assembly rules. */
@RequiresSandbox
class HumanEvalExamplesTest {
    static HumanEvalGrader grader;

    @BeforeAll
    static void setUp() {
        grader = SandboxTesting.configured(new HumanEvalGrader(), 2);
    }

    @AfterAll
    static void tearDown() {
        if (grader != null) grader.close();
    }

    @Test
    void exampleSamplesOnlyTheThreeHonestOnesPass() throws Exception {
        Path dir = SharedData.datasets().resolve("humaneval/examples");
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = Json.MAPPER.readValue(Files.readString(dir.resolve("example_problem.jsonl")), Map.class);
        Problem p = new Problem((String) raw.get("task_id"), Prompt.text((String) raw.get("prompt")), null, Map.of(
                "prompt", raw.get("prompt"), "test", raw.get("test"), "entry_point", raw.get("entry_point"),
                "reference", raw.get("canonical_solution")));
        List<String> verdicts = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("example_samples.jsonl"))) {
            String completion = (String) Json.MAPPER.readValue(line, Map.class).get("completion");
            Grade g = grader.grade(p, SandboxTesting.answer(completion));
            verdicts.add(g.verdict().wire());
        }
        // rm -rf via subprocess (contained: no such executable "rm -rf tmp"), sleep 10 s (over the 3 s
        // limit), input() (no stdin), then the correct body with 4-space, 2-space and tab indents.
        assertThat(verdicts).containsExactly("runtime_error", "timeout", "runtime_error", "correct", "correct", "correct");
    }

    @Test
    void aWholeFunctionReplacesTheStubAndKeepsThePromptsImports() {
        Problem p = new Problem("t/1", Prompt.text(""), null, Map.of(
                "prompt", "from typing import List\n\ndef total(xs: List[int]) -> int:\n    \"\"\"Sum.\"\"\"\n",
                "test", "def check(candidate):\n    assert candidate([1, 2]) == 3\n    assert total([5]) == 5\n",
                "entry_point", "total"));
        Grade whole = grader.grade(p, SandboxTesting.fenced("def total(xs: List[int]) -> int:\n    return sum(xs)\n"));
        assertThat(whole.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(whole.detail()).containsEntry("assembled", "prompt_plus_function").containsEntry("rule", "fenced");
        Grade body = grader.grade(p, SandboxTesting.answer("    return sum(xs)\n"));
        assertThat(body.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(body.detail()).containsEntry("assembled", "prompt_plus_body").containsEntry("rule", "whole_response");
        Grade wrong = grader.grade(p, SandboxTesting.answer("    return 0\n"));
        assertThat(wrong.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(wrong.detail()).containsEntry("failing_test", "assert candidate([1, 2]) == 3");
    }

    @Test
    void theTestsUseThePromptsHelpersNotTheCandidates() {
        // HumanEval/38 style: check() encodes with the prompt's helper. A candidate that redefines the
        // helper as the identity (and decodes as the identity) must not pass.
        Problem p = new Problem("t/2", Prompt.text(""), null, Map.of(
                "prompt", "def encode(s):\n    return s[::-1]\n\ndef decode(s):\n    \"\"\"Undo encode.\"\"\"\n",
                "test", "def check(candidate):\n    assert candidate(encode('abc')) == 'abc'\n",
                "entry_point", "decode"));
        assertThat(grader.grade(p, SandboxTesting.fenced("def encode(s):\n    return s\ndef decode(s):\n    return s\n")).verdict())
                .isEqualTo(Verdict.INCORRECT);
        assertThat(grader.grade(p, SandboxTesting.answer("    return s[::-1]\n")).verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void noCodeAfterAnUnclosedThinkIsIncorrectAndTruncated() {
        Grade g = grader.grade(SandboxTesting.returnOne(), SandboxTesting.answer("<think>\n    return 1\n"));
        assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(g.detail()).containsEntry("truncated", true);
    }
}
