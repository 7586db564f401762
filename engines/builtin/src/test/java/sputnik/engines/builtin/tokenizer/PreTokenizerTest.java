package sputnik.engines.builtin.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Splits worked out by hand from llama.cpp's expressions and matchers, corner cases included. */
class PreTokenizerTest {
    @Test
    void namesSelectPreTokenizers() {
        assertThat(PreTokenizer.forName("qwen2")).isEqualTo(PreTokenizer.QWEN2);
        assertThat(PreTokenizer.forName("deepseek-r1-qwen")).isEqualTo(PreTokenizer.QWEN2);
        assertThat(PreTokenizer.forName("deepseek-llm")).isEqualTo(PreTokenizer.DEEPSEEK_LLM);
        assertThat(PreTokenizer.forName("deepseek-v3")).isEqualTo(PreTokenizer.DEEPSEEK_V3);
        assertThat(PreTokenizer.forName("llama-bpe")).isEqualTo(PreTokenizer.LLAMA3);
        assertThatThrownBy(() -> PreTokenizer.forName("falcon")).hasMessageContaining("'falcon' is not supported").hasMessageContaining("qwen2");
    }

    @Test
    void qwen2() {
        PreTokenizer p = PreTokenizer.QWEN2;
        assertThat(p.split("Hello, world!")).containsExactly("Hello", ",", " world", "!");
        assertThat(p.split("12345")).containsExactly("1", "2", "3", "4", "5");
        assertThat(p.split("I'm DON'T")).containsExactly("I", "'m", " DON", "'T");
        assertThat(p.split("über straße")).containsExactly("über", " straße");
        assertThat(p.split("ab\u00A0cd")).as("no-break space is whitespace, then a letter run").containsExactly("ab", "\u00A0cd");
        assertThat(p.split("a~b")).containsExactly("a", "~b");
        assertThat(p.split("x  \n\n  y")).containsExactly("x", "  \n\n", " ", " y");
        assertThat(p.split("a   ")).containsExactly("a", "   ");
        assertThat(p.split("$\\frac{1}{x}$.")).containsExactly("$\\", "frac", "{", "1", "}{", "x", "}$.");
        assertThat(p.split("")).isEmpty();
    }

    @Test
    void llama3() {
        PreTokenizer p = PreTokenizer.LLAMA3;
        assertThat(p.split("Hello world")).containsExactly("Hello", " world");
        assertThat(p.split("I'm DON'T")).containsExactly("I", "'m", " DON", "'T");
        assertThat(p.split("12345")).containsExactly("123", "45");
        assertThat(p.split("a  b")).containsExactly("a", " ", " b");
        assertThat(p.split("x\n\n y")).containsExactly("x", "\n\n", " y");
        assertThat(p.split("a   ")).containsExactly("a", "   ");
        assertThat(p.split("??!\n\nx")).containsExactly("??!\n\n", "x");
        assertThat(p.split(" ?x")).containsExactly(" ?", "x");
        assertThat(p.split("a~")).as("'~' is a symbol here: real categories, nothing collapsed").containsExactly("a", "~");
        assertThat(p.split("日本")).containsExactly("日本");
    }

    @Test
    void deepseekV3() {
        PreTokenizer p = PreTokenizer.DEEPSEEK_V3;
        assertThat(p.split("12345")).containsExactly("123", "45");
        assertThat(p.split("日本語テキスト")).containsExactly("日本語テキスト");
        assertThat(p.split("Hello, world!")).containsExactly("Hello", ",", " world", "!");
        assertThat(p.split(".Net")).containsExactly(".Net");
        // collapsed \p{P} and \p{S} leave '~' out, so nothing matches it: it stays a piece of its own
        assertThat(p.split("a~")).containsExactly("a", "~");
        assertThat(p.split("a~~")).containsExactly("a", "~~");
    }

    @Test
    void deepseekLlm() {
        PreTokenizer p = PreTokenizer.DEEPSEEK_LLM;
        assertThat(p.split("Hello, world!\n")).containsExactly("Hello", ",", " world", "!", "\n");
        assertThat(p.split("abc123")).containsExactly("abc", "123");
        assertThat(p.split("a  b")).containsExactly("a", " ", " b");
        assertThat(p.split("x\r\ny")).containsExactly("x", "\r", "\n", "y");
        assertThat(p.split("ab  ")).containsExactly("ab", "  ");
        assertThat(p.split("中文字")).containsExactly("中文字");
        // Ω (U+2126 OHM SIGN), K (U+212A KELVIN SIGN) and Greek Ω (U+03A9) are all in its letter class, but its
        // "CJK" class [一-龥ࠀ-一가-퟿] spans U+0800..U+4E00, so the fifth expression cuts the first two out again
        assertThat(p.split("\u2126\u212A\u03A9")).containsExactly("\u2126\u212A", "\u03A9");
        assertThat(p.split("\u03A9\u03B1")).containsExactly("\u03A9\u03B1");
    }
}
