package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import sputnik.harness.testing.SharedData;

/** sputnik tokenize end to end, on the reference models in ../shared/models (skipped without them). */
class TokenizeCliTest {
    private static Path model(String name) {
        Path p = SharedData.root().resolve("models").resolve(name + ".gguf");
        assumeTrue(Files.isRegularFile(p), p + " is absent: the tokenize end-to-end test is skipped");
        return p;
    }

    private static String lastLine(String out) {
        List<String> lines = out.lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void tokenizeIsACommandAndMatchesLlamaCpp() {
        Cli c = Cli.run("tokenize", "--model", model("tiny-qwen3moe-q8_0").toString(), "--text", "Find $x$ such that $x^2+3x=10$. Then compute $\\frac{1}{x}$.");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(lastLine(c.out())).isEqualTo("[9885,400,87,3,1741,429,400,87,61,17,10,18,87,28,16,15,12947,5005,12564,57960,37018,90,16,15170,87,92,12947]");
        Cli help = Cli.run("--help");
        assertThat(help.out() + help.err()).contains("tokenize");
    }

    @Test
    void aTruncatedModelIsAUsageError() throws Exception {
        Path src = model("tiny-deepseek2-yarn-q8_0");
        Path cut = Files.createTempFile("truncated", ".gguf");
        try {
            try (var in = Files.newInputStream(src)) {
                Files.write(cut, in.readNBytes(4096));
            }
            Cli c = Cli.run("tokenize", "--model", cut.toString(), "--text", "x");
            assertThat(c.exit()).isEqualTo(2);
            assertThat(c.err().lines().toList()).hasSize(1);
            assertThat(c.err()).startsWith("sputnik: " + cut + ": truncated");
        } finally {
            Files.deleteIfExists(cut);
        }
    }
}
