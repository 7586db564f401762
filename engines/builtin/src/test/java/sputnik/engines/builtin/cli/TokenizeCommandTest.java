package sputnik.engines.builtin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.builtin.SharedModels;
import sputnik.harness.cli.Main;

/** {@code sputnik tokenize} through the real CLI entry point (the command is found with ServiceLoader). */
class TokenizeCommandTest {
    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
        String lastLine() {
            List<String> lines = out.lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsTheIdsLlamaCppGives() {
        String model = SharedModels.model("tiny-qwen2-q8_0").toString();
        Result r = run("tokenize", "--model", model, "--text", "Hello, world!");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lastLine()).isEqualTo("[151646,9707,11,1879,0]");
        Result plain = run("tokenize", "--model", model, "--text", "Hello, world!", "--no-special");
        assertThat(plain.lastLine()).isEqualTo("[9707,11,1879,0]");
    }

    @Test
    void noSpecialReadsSpecialTokenTextAsText() {
        String model = SharedModels.model("tiny-qwen3moe-f32").toString();
        assertThat(run("tokenize", "--model", model, "--text", "<|im_start|>").lastLine()).isEqualTo("[151644]");
        assertThat(run("tokenize", "--model", model, "--text", "<|im_start|>", "--no-special").lastLine()).isNotEqualTo("[151644]").startsWith("[27,");
    }

    @Test
    void textFilesAreReadByteForByte() throws Exception {
        Path text = tmp.resolve("prompt.txt");
        Files.writeString(text, "def add(a, b):\n    return a + b  # sum of two numbers", StandardCharsets.UTF_8);
        Result r = run("tokenize", "--model", SharedModels.model("tiny-deepseek2-f32").toString(), "--text-file", text.toString(), "--show-pieces");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lastLine()).isEqualTo("[100000,1558,962,7,64,11,270,1780,185,300,972,245,919,270,207,1501,2555,280,984,5750]");
        assertThat(r.out().lines().toList()).hasSize(21).first().isEqualTo("100000\t\"<｜begin▁of▁sentence｜>\"\t3cefbd9c626567696ee296816f66e2968173656e74656e6365efbd9c3e");
        assertThat(r.out()).contains("185\t\"\\n\"\t0a");
    }

    @Test
    void badFilesAreOneLineUsageErrors() throws Exception {
        Path notGguf = tmp.resolve("notes.gguf");
        Files.writeString(notGguf, "hello there, not a model");
        Result r = run("tokenize", "--model", notGguf.toString(), "--text", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sputnik: " + notGguf + ": not a GGUF file: it starts with bytes 68 65 6c 6c, not the magic 'GGUF'\n");
        assertThat(r.out()).isEmpty();

        Result missing = run("tokenize", "--model", tmp.resolve("nope.gguf").toString(), "--text", "x");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("sputnik: --model " + tmp.resolve("nope.gguf") + ": no such file\n");

        Path noVocab = tmp.resolve("novocab.gguf");
        new sputnik.engines.builtin.gguf.GgufWriter().putString("general.architecture", "qwen2").write(noVocab);
        Result nv = run("tokenize", "--model", noVocab.toString(), "--text", "x");
        assertThat(nv.exit()).isEqualTo(2);
        assertThat(nv.err()).isEqualTo("sputnik: " + noVocab + ": metadata key 'tokenizer.ggml.model' is missing\n");

        Result both = run("tokenize", "--model", noVocab.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--text");
    }
}
