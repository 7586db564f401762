package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Json;

/** `sputnik prompts`: the exact prompt a run sends (the hash matches what the run records) and what the built-in engine feeds its model. */
class PromptsCliTest {
    @TempDir
    Path tmp;

    @Test
    void thePrintedPromptIsTheOneARunSends() throws Exception {
        Cli p = Cli.run("prompts", "--suite", "arith", "--problems", "arith-003");
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).startsWith("== arith problem arith-003 (template ");
        Cli r = Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--problems", "arith-003", "--samples", "1",
                "--replay-delay-ms", "0", "--out", tmp.resolve("r").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String recorded = Json.MAPPER.readTree(Files.readAllLines(tmp.resolve("r").resolve("samples.jsonl")).getFirst()).get("prompt_sha256").asText();
        assertThat(p.out()).contains("prompt sha256 " + recorded + ")");
        Cli two = Cli.run("prompts", "--suite", "arith", "--offset", "5", "--limit", "2");
        assertThat(two.out()).contains("problem arith-005").contains("problem arith-006").doesNotContain("problem arith-007");
    }

    @Test
    void theBuiltInEngineShowsItsChatTemplateApplied() {
        Path model = SharedData.root().resolve("models").resolve("tiny-qwen3moe-q8_0.gguf");
        assumeTrue(Files.isRegularFile(model), "../shared/models is absent: the built-in engine's rendering is not shown");
        Cli p = Cli.run("prompts", "--suite", "arith", "--problems", "arith-003", "--engine", "builtin", "--model", model.toString());
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).contains("-- as builtin feeds it to").contains(">>><|im_start|>user\n").contains("<|im_start|>assistant\n");
    }
}
