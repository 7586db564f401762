package sputnik.datasets.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.testing.SharedData;

/** The code suites' manifests against the real files: formats (gzip, JSON array, JSON in strings), mapping, templates. */
class CodeSuitesOnRealDataTest {
    private final ManifestSuiteProvider provider = new ManifestSuiteProvider();

    private Suite load(String name, String template) throws Exception {
        return provider.load(name, new SuiteContext(SharedData.datasets(), null, true, template));
    }

    @Test
    void humanEvalFromTheGzippedFile() throws Exception {
        Suite s = load("humaneval", null);
        assertThat(s.problems()).hasSize(164);
        Problem p = s.problems().get(0);
        assertThat(p.id()).isEqualTo("HumanEval/0");
        assertThat(p.answer()).isNull();
        assertThat(p.data()).containsKeys("prompt", "test", "entry_point", "reference");
        assertThat(p.prompt().display()).contains("```python\n" + p.data().get("prompt") + "```");
        assertThat(load("humaneval", "completion").problems().get(0).prompt().display()).isEqualTo(p.data().get("prompt"));
    }

    @Test
    void mbppIsTheTestSplitWithItsAssertsInThePrompt() throws Exception {
        Suite s = load("mbpp", null);
        assertThat(s.problems()).hasSize(500);
        assertThat(s.problems().get(0).id()).isEqualTo("11");
        assertThat(s.problems().get(499).id()).isEqualTo("510");
        @SuppressWarnings("unchecked")
        List<String> tests = (List<String>) s.problems().get(0).data().get("tests");
        assertThat(tests).hasSize(3).allMatch(t -> t.startsWith("assert"));
        assertThat(s.problems().get(0).prompt().display()).contains(String.join("\n", tests));
    }

    @Test
    void sanitizedMbppFromAJsonArray() throws Exception {
        Suite s = load("mbpp-sanitized", null);
        assertThat(s.problems()).hasSize(427);
        assertThat(s.problems().get(0).data().get("tests")).isInstanceOf(List.class);
    }

    @Test
    void liveCodeBenchDecodesItsTestsAndPicksTheFormatByStarterCode() throws Exception {
        Suite s = load("livecodebench", null);
        assertThat(s.problems()).hasSize(400);
        Problem stdin = s.problems().stream().filter(p -> p.data().get("starter_code").toString().isEmpty()).findFirst().orElseThrow();
        Problem functional = s.problems().stream().filter(p -> !p.data().get("starter_code").toString().isEmpty()).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tests = (List<Map<String, Object>>) stdin.data().get("tests");
        assertThat(tests).isNotEmpty().allSatisfy(t -> assertThat(t).containsKeys("input", "output", "testtype"));
        assertThat(stdin.prompt().display()).contains("Read the inputs from stdin").doesNotContain("starter code");
        assertThat(stdin.data()).doesNotContainKey("func_name");
        assertThat(functional.prompt().display()).contains("starter code").contains((String) functional.data().get("starter_code"))
                .doesNotContain("Read the inputs from stdin");
        assertThat(functional.data().get("func_name")).isInstanceOf(String.class);
    }
}
