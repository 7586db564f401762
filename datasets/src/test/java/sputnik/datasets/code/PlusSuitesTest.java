package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.datasets.manifest.ManifestSuiteProvider;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.UsageException;

/** The humaneval-plus and mbpp-plus suite files on fixtures in EvalPlus's format: what a problem holds; no code runs. */
class PlusSuitesTest {
    @TempDir
    Path tmp;

    @Test
    void humanEvalPlusRecordsBecomeProblemsWithTheirInputsAndTolerance() throws Exception {
        Suite s = PlusFixtures.humanEvalPlus(tmp);
        assertThat(s.grader()).isEqualTo("humaneval-plus");
        assertThat(s.problems()).extracting(Problem::id).containsExactly("Fixture/0", "Fixture/1", "Fixture/2");
        Map<String, Object> add = s.problems().get(0).data();
        assertThat(add).containsEntry("entry_point", "add").containsEntry("reference", "    return a + b\n").containsEntry("atol", 0);
        assertThat((List<?>) add.get("base_inputs")).hasSize(3);
        assertThat((List<?>) add.get("plus_inputs")).hasSize(3);
        assertThat(s.problems().get(1).data()).containsEntry("atol", 1e-6);
        // EvalPlus's instruction for chat models, then the prompt in a fence
        assertThat(((Prompt.Chat) s.problems().get(0).prompt()).messages().getFirst().content())
                .startsWith("Please provide a self-contained Python script that solves the following problem in a markdown code block:\n```\ndef add(")
                .endsWith("    \"\"\"\n```");
    }

    @Test
    void mbppPlusKeepsInfinitiesAndAnEmptyMapOfPlusInputs() throws Exception {
        Suite s = PlusFixtures.mbppPlus(tmp);
        assertThat(s.problems()).extracting(Problem::id).containsExactly("Mbpp/2", "Mbpp/769", "Mbpp/56", "Mbpp/404");
        Problem minimum = s.problems().get(3);
        assertThat(minimum.data().get("plus_inputs")).isEqualTo(
                List.of(List.of(Double.NEGATIVE_INFINITY, 1), List.of(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)));
        Problem check = s.problems().get(2);
        assertThat(PlusJudge.inputs(check, "plus_inputs")).isEmpty();
        assertThat(PlusJudge.inputs(check, "base_inputs")).hasSize(2);
        assertThat(PlusJudge.taskNumber(check.id())).isEqualTo(56);
    }

    @Test
    void theBuiltInSuitesRefuseAFileThatIsNotTheReleasesAndSayWhatToDo() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data/humaneval-plus"));
        Files.write(dir.resolve("HumanEvalPlus-v0.1.10.jsonl.gz"), PlusFixtures.fixture("HumanEvalPlusFixture.jsonl"));
        assertThatThrownBy(() -> new ManifestSuiteProvider().load("humaneval-plus", new SuiteContext(tmp.resolve("data"), tmp.resolve("cache"), true, null)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("272720b90ac375502c8ed23cd791c2a93dfb22a911641a494da74a426c09f101")
                .hasMessageContaining(PlusFixtures.HUMANEVAL_SHA256);
    }

    @Test
    void aProblemWhoseEntryPointIsNotAPythonNameIsUngradableBeforeAnythingRuns() {
        Problem p = new Problem("x/1", Prompt.user("?"), null, Map.of("prompt", "def f():\n", "entry_point", "f()", "reference", "    return 1\n",
                "base_inputs", List.of(List.of())));
        assertThat(new HumanEvalPlusGrader().ungradable(p)).contains("entry_point 'f()' is not a Python name");
        Problem noInputs = new Problem("x/2", Prompt.user("?"), null, Map.of("entry_point", "f", "reference", "def f(): return 1\n"));
        assertThat(new MbppPlusGrader().ungradable(noInputs)).contains("it has no 'base_inputs'");
    }
}
