package sputnik.engines.builtin.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.SharedModels;
import sputnik.engines.builtin.gguf.GgufFile;

/**
 * llama.cpp's test-tokenizer-0 cases for the qwen2 vocabulary: the .inp file holds the texts, each
 * followed by "\n__ggml_vocab_test__\n"; line i of .out holds the ids of text i. Tokenized as the test
 * does: no BOS/EOS, special tokens not parsed.
 */
class VocabTestCasesTest {
    static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    /** Splits the .inp text the way test-tokenizer-0.cpp's read_tests does. */
    static List<String> inputs(String raw) {
        List<String> out = new ArrayList<>();
        int pos = 0;
        while (pos < raw.length()) {
            int next = raw.indexOf(SEPARATOR, pos);
            if (next < 0) {
                out.add(raw.substring(pos));
                break;
            }
            out.add(raw.substring(pos, next));
            pos = next + SEPARATOR.length();
        }
        return out;
    }

    static int[] ids(String line) {
        String s = line.strip();
        return s.isEmpty() ? new int[0] : Arrays.stream(s.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void everyCaseOfTheQwen2VocabMatchesLlamaCpp() throws Exception {
        Path vocab = SharedModels.file("vocab/ggml-vocab-qwen2-rebuilt.gguf");
        List<String> in = inputs(Files.readString(SharedModels.file("vocab/ggml-vocab-qwen2-rebuilt.gguf.inp"), StandardCharsets.UTF_8));
        List<String> out = Files.readAllLines(SharedModels.file("vocab/ggml-vocab-qwen2-rebuilt.gguf.out"), StandardCharsets.UTF_8);
        assertThat(in).hasSize(out.size()).hasSize(46);
        Tokenizer t;
        try (GgufFile f = GgufFile.open(vocab)) {
            assertThat(f.tensors()).isEmpty();
            t = Tokenizer.from(f);
        }
        assertThat(t.preTokenizer()).isEqualTo(PreTokenizer.QWEN2);
        int passed = 0;
        for (int i = 0; i < in.size(); i++) {
            String text = in.get(i);
            int[] got = t.encode(text, false, false);
            assertThat(got).as("case %d: '%s'", i, text).containsExactly(ids(out.get(i)));
            assertThat(t.decode(got)).as("case %d round trip", i).isEqualTo(text);
            passed++;
        }
        assertThat(passed).isEqualTo(46);
    }

    @Test
    void inputsAreSplitLikeTestTokenizer0() {
        assertThat(inputs("a" + SEPARATOR + SEPARATOR + " b\n" + SEPARATOR)).containsExactly("a", "", " b\n");
        assertThat(inputs("tail without separator")).containsExactly("tail without separator");
    }
}
