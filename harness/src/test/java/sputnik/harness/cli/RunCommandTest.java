package sputnik.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunCommandTest {
    @Test
    void theDefaultRunDirectoryNamesTheModelWithoutItsGgufExtension() {
        assertThat(RunCommand.defaultDirName("aime2024", "builtin", "models/tiny.gguf")).isEqualTo("aime2024-builtin-tiny");
        assertThat(RunCommand.defaultDirName("aime2024", "builtin", "/m/Qwen3-30B-A3B-Q8_0.GGUF")).isEqualTo("aime2024-builtin-Qwen3-30B-A3B-Q8_0");
        assertThat(RunCommand.defaultDirName("aime2024", "openai", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"))
                .isEqualTo("aime2024-openai-DeepSeek-R1-Distill-Qwen-7B");
        assertThat(RunCommand.defaultDirName("math500", "openai", "qwen2.5:7b")).isEqualTo("math500-openai-qwen2.5_7b");
        assertThat(RunCommand.defaultDirName("arith", "replay", null)).isEqualTo("arith-replay");
    }

    @Test
    void aCommandSummaryIsItsWholeFirstSentence() {
        assertThat(CommandList.firstSentence("Load-test an endpoint, like vLLM's 'bench serve': send prompts at each point of a sweep over"
                + " --concurrency (e.g. 1, 2, 4). Then report.")).isEqualTo("Load-test an endpoint, like vLLM's 'bench serve': send prompts"
                + " at each point of a sweep over --concurrency (e.g. 1, 2, 4).");
        assertThat(CommandList.firstSentence("No full stop")).isEqualTo("No full stop");
    }
}
