package sputnik.datasets.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.testing.SharedData;

/** The shipped manifests against the real files in ../shared/datasets (pinned hashes, counts, fields). */
class ManifestSuitesOnRealDataTest {
    private final ManifestSuiteProvider provider = new ManifestSuiteProvider();

    private Suite load(String name, String template) throws Exception {
        Path data = SharedData.datasets();
        return provider.load(name, new SuiteContext(data, null, true, template));
    }

    @Test
    void aime2024KeepsItsIdsAndLeadingZerosAndGetsOfficialLabels() throws Exception {
        Suite s = load("aime2024", null);
        assertThat(s.problems()).hasSize(30);
        assertThat(s.problems()).extracting(Problem::id).startsWith("60", "61").endsWith("89").doesNotHaveDuplicates();
        assertThat(s.problems()).extracting(Problem::answer).contains("025").allMatch(a -> a.matches("\\d{3}|\\d{1,3}"));
        assertThat(s.problems().get(0).data()).containsEntry("label", "2024-I-1");
        java.util.List<String> official = new java.util.ArrayList<>();
        for (String part : new String[] {"I", "II"}) for (int n = 1; n <= 15; n++) official.add("2024-" + part + "-" + n);
        assertThat(s.problems()).extracting(p -> p.data().get("label")).containsExactlyInAnyOrderElementsOf(official);
        assertThat(s.grader()).isEqualTo("aime");
        assertThat(s.datasetSha256()).isEqualTo("af2b8bd2aa911b6333ad0df32f3ca05c7ae8ed10f1731f4372c8ae26990bf7ac");
        assertThat(s.defaults().temperature()).isEqualTo(0.6);
        assertThat(s.defaults().maxTokens()).isEqualTo(32768);
    }

    @Test
    void theR1PromptIsOneUserMessageEndingWithTheBoxedInstruction() throws Exception {
        Suite s = load("aime2024", null);
        assertThat(s.promptTemplate()).isEqualTo("r1");
        Prompt.Chat chat = (Prompt.Chat) s.problems().get(0).prompt();
        assertThat(chat.messages()).singleElement().satisfies(m -> {
            assertThat(m.role()).isEqualTo("user");
            assertThat(m.content()).startsWith((String) s.problems().get(0).data().get("problem"))
                    .endsWith("\nPlease reason step by step, and put your final answer within \\boxed{}.");
        });
    }

    @Test
    void thePlainTemplateIsRawTextForBaseModels() throws Exception {
        Suite s = load("math500", "plain");
        assertThat(s.problems().get(0).prompt()).isInstanceOf(Prompt.Text.class);
        assertThat(s.problems().get(0).prompt().display()).startsWith("Problem:\n").endsWith("\n\nSolution:");
    }

    @Test
    void aime2025UsesItsOwnIdsAndIntegerAnswersAsText() throws Exception {
        Suite s = load("aime2025", null);
        assertThat(s.problems()).hasSize(30);
        assertThat(s.problems().get(0).id()).isEqualTo("2025-I-1");
        assertThat(s.problems().get(0).answer()).isEqualTo("70");
        assertThat(s.problems().get(15).id()).isEqualTo("2025-II-1");
    }

    @Test
    void math500UsesUniqueIdsAndLatexAnswers() throws Exception {
        Suite s = load("math500", null);
        assertThat(s.problems()).hasSize(500);
        assertThat(s.problems().get(0).id()).isEqualTo("test/precalculus/807.json");
        assertThat(s.problems().get(0).answer()).isEqualTo("\\left( 3, \\frac{\\pi}{2} \\right)");
        assertThat(s.problems().get(0).data()).containsKeys("subject", "level");
        assertThat(s.grader()).isEqualTo("math");
    }
}
