package sputnik.datasets.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.api.RecordedSet;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Hashing;

class RecordedSetsTest {
    @TempDir
    Path tmp;

    static final String LINES = String.join("\n",
            "{\"id\": 60, \"output\": \"Let me think. 204?\\n</think>\\n\\nSo the answer is $\\\\boxed{204}$.\", \"finish_reason\": \"stop\","
                    + " \"prefill_tokens\": 190, \"output_tokens\": 3792}",
            "{\"id\": 61, \"output\": \"Hmm, maybe \\\\boxed{7}, wait\", \"finish_reason\": \"length\", \"prefill_tokens\": 150, \"output_tokens\": 32768}",
            "");

    private RecordedManifest manifest(String sha) {
        return new RecordedManifest("toy-set", "a toy set", "Toy-Model-7B", "aime2024", "toy.jsonl", "toy", "jsonl", sha, 2,
                List.of(), "nowhere", "MIT", 1, Map.of("temperature", 0.6), new RecordedManifest.Prompt("own", "Q: {question}", "here"),
                "<think>\n", Map.of("problem_id", "id", "response", "output", "finish_reason", "finish_reason", "prompt_tokens",
                        "prefill_tokens", "completion_tokens", "output_tokens"));
    }

    @Test
    void theShippedSetsAreListedWithTheirModelAndSuite() {
        var sets = new ManifestRecordedSetProvider().sets();
        assertThat(sets).extracting(s -> s.name()).contains("r1-distill-qwen-7b-aime2024", "r1-distill-qwen-1.5b-aime2024");
        assertThat(sets).allSatisfy(s -> assertThat(s.suite()).isEqualTo("aime2024"));
    }

    @Test
    void aSetIsFoundInTheSharedMirrorAndSplitWhereThePromptOpenedTheThinking() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared/recorded/toy"));
        Files.writeString(shared.resolve("toy.jsonl"), LINES);
        var provider = new ManifestRecordedSetProvider(List.of(manifest(Hashing.sha256(LINES))));
        RecordedSet set = provider.load("toy-set", new SuiteContext(null, tmp.resolve("cache/datasets"), true, null, tmp.resolve("shared")));
        assertThat(set.model()).isEqualTo("Toy-Model-7B");
        assertThat(set.responses()).hasSize(2);
        RecordedSet.Response closed = set.responses().get(0);
        assertThat(closed.problemId()).isEqualTo("60");
        assertThat(closed.reasoning()).isEqualTo("Let me think. 204?");
        assertThat(closed.response()).isEqualTo("\n\nSo the answer is $\\boxed{204}$.");
        assertThat(closed.completionTokens()).isEqualTo(3792);
        RecordedSet.Response open = set.responses().get(1);
        assertThat(open.reasoning()).isNull();
        assertThat(open.response()).as("cut off inside the thinking: the opener is put back").startsWith("<think>\nHmm, maybe");
        assertThat(open.finishReason()).isEqualTo("length");
    }

    @Test
    void aDamagedOrMissingFileIsOneLineNamingIt() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data/toy"));
        Files.writeString(data.resolve("toy.jsonl"), LINES.replace("204", "205"));
        var provider = new ManifestRecordedSetProvider(List.of(manifest(Hashing.sha256(LINES))));
        assertThatThrownBy(() -> provider.load("toy-set", new SuiteContext(tmp.resolve("data"), tmp.resolve("cache/datasets"), true, null)))
                .isInstanceOf(UsageException.class).hasMessageContaining("toy.jsonl has sha256").hasMessageContaining("recorded set toy-set pins");
        assertThatThrownBy(() -> provider.load("toy-set", new SuiteContext(tmp.resolve("none"), tmp.resolve("cache/datasets"), true, null)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("recorded set toy-set needs toy.jsonl")
                .hasMessageContaining(tmp.resolve("cache/recorded/toy") + "/")
                .hasMessageContaining("--offline forbids downloading it");
    }
}
