package sputnik.engines.builtin.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sputnik.engines.builtin.SharedModels;
import sputnik.engines.builtin.gguf.GgufFile;

/** Token ids, pieces and special tokens against llama.cpp's own output for every reference model and prompt. */
class TokenizerReferenceTest {
    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    static Tokenizer tokenizer(String model) {
        return TOKENIZERS.computeIfAbsent(model, m -> {
            try (GgufFile f = GgufFile.open(SharedModels.model(m))) {
                return Tokenizer.from(f);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static Stream<String> models() {
        return Stream.of(SharedModels.MODELS);
    }

    private static JsonNode ref(String model) throws Exception {
        return new ObjectMapper().readTree(Files.readString(SharedModels.ref(model)));
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
        return r;
    }

    @ParameterizedTest
    @MethodSource("models")
    void tokensMatchLlamaCppForEveryPrompt(String model) throws Exception {
        JsonNode ref = ref(model);
        Tokenizer t = tokenizer(model);
        int matched = 0;
        for (JsonNode p : ref.get("prompts")) {
            String prompt = p.get("prompt").asText();
            assertThat(t.encode(prompt)).as("%s tokens of %s", model, prompt).containsExactly(ints(p.get("tokens")));
            assertThat(t.encode(prompt, false, false)).as("%s tokens_no_special of %s", model, prompt).containsExactly(ints(p.get("tokens_no_special")));
            int[] tokens = ints(p.get("tokens"));
            JsonNode hex = p.get("token_pieces_hex");
            assertThat(hex.size()).isEqualTo(tokens.length);
            for (int i = 0; i < tokens.length; i++) {
                assertThat(HexFormat.of().formatHex(t.piece(tokens[i]))).as("%s piece of token %d", model, tokens[i]).isEqualTo(hex.get(i).asText());
            }
            assertThat(t.decode(ints(p.get("tokens_no_special")))).isEqualTo(prompt);
            assertThat(t.decode(tokens)).as("BOS is a control token, left out of the text").isEqualTo(prompt);
            matched++;
        }
        assertThat(matched).isEqualTo(3);
        assertThat(t.bos()).isEqualTo(ref.get("bos").asInt());
        assertThat(t.eos()).isEqualTo(ref.get("eos").asInt());
        assertThat(t.size()).isEqualTo(ref.get("n_vocab").asInt());
    }

    @Test
    void r1DistillVocabAddsBos151646AndEndsAtEndOfSentence() {
        Tokenizer t = tokenizer("tiny-qwen2-q8_0");
        assertThat(t.preName()).isEqualTo("deepseek-r1-qwen");
        assertThat(t.preTokenizer()).isEqualTo(PreTokenizer.QWEN2);
        assertThat(t.addsBos()).isTrue();
        assertThat(t.bos()).isEqualTo(151646);
        assertThat(t.tokenText(151646)).isEqualTo("<｜begin▁of▁sentence｜>");
        assertThat(t.eos()).isEqualTo(151643);
        assertThat(t.eot()).isEqualTo(151643);
        assertThat(t.isEndOfGeneration(151643)).isTrue();
        assertThat(t.isEndOfGeneration(t.tokenId("<｜Assistant｜>"))).isFalse();
        assertThat(t.endOfGenerationIds()).contains(151643, 151662, 151663, 151664);
        assertThat(t.encode("")).containsExactly(151646);
        assertThat(t.encode("", false, false)).isEmpty();
        assertThat(t.newline()).isEqualTo(198);
    }

    @Test
    void qwen3VocabAddsNoBosAndEndsAtImEnd() {
        Tokenizer t = tokenizer("tiny-qwen3moe-q8_0");
        assertThat(t.addsBos()).isFalse();
        assertThat(t.eos()).isEqualTo(151645);
        assertThat(t.tokenText(151645)).isEqualTo("<|im_end|>");
        assertThat(t.eot()).isEqualTo(151645);
        assertThat(t.isEndOfGeneration(151645)).isTrue();
        assertThat(t.isEndOfGeneration(151643)).as("<|endoftext|>").isTrue();
        assertThat(t.isEndOfGeneration(t.tokenId("<|im_start|>"))).isFalse();
        assertThat(t.encode("")).isEmpty();
    }

    @Test
    void deepseekLlmVocabAddsBos100000() {
        Tokenizer t = tokenizer("tiny-deepseek2-f32");
        assertThat(t.preTokenizer()).isEqualTo(PreTokenizer.DEEPSEEK_LLM);
        assertThat(t.addsBos()).isTrue();
        assertThat(t.encode("Hi")[0]).isEqualTo(100000);
        assertThat(t.isEndOfGeneration(100001)).isTrue();
    }

    @Test
    void specialTokensAreParsedOnlyWhenAsked() {
        Tokenizer t = tokenizer("tiny-qwen3moe-f32");
        int start = t.tokenId("<|im_start|>"), end = t.tokenId("<|im_end|>");
        int[] parsed = t.encode("<|im_start|>user\nHi<|im_end|>", false, true);
        assertThat(parsed[0]).isEqualTo(start);
        assertThat(parsed[parsed.length - 1]).isEqualTo(end);
        int[] literal = t.encode("<|im_start|>user\nHi<|im_end|>", false, false);
        assertThat(literal).doesNotContain(start, end);
        assertThat(t.decode(literal)).isEqualTo("<|im_start|>user\nHi<|im_end|>");
        assertThat(t.decode(parsed)).isEqualTo("user\nHi");
        assertThat(t.decode(parsed, true)).isEqualTo("<|im_start|>user\nHi<|im_end|>");
        // user-defined tokens (<think> is one in Qwen3) are cut out even without special parsing, as llama.cpp does
        int think = t.tokenId("<think>");
        assertThat(t.type(think)).isEqualTo(TokenType.USER_DEFINED);
        assertThat(t.encode("a<think>b", false, false)).contains(think);
    }

    @Test
    void decoderHoldsBackSplitCharacters() {
        Tokenizer t = tokenizer("tiny-qwen3moe-f32");
        String text = "我想在apple工作 🦙 ok";
        int[] ids = t.encode(text, false, false);
        TokenDecoder d = t.decoder(false);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            String s = d.push(id);
            assertThat(s).doesNotContain("\uFFFD");
            sb.append(s);
        }
        sb.append(d.flush());
        assertThat(sb.toString()).isEqualTo(text);
        assertThat(new String(t.decodeBytes(ids, false), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void longInputsTokenizeAndRoundTrip() {
        Tokenizer t = tokenizer("tiny-qwen3moe-f32");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) sb.append("Problem ").append(i).append(": find $x^2 + ").append(i % 7).append("$.\n");
        sb.append("a".repeat(20000)).append(' ').append(" ".repeat(5000)).append("\n".repeat(100));
        String text = sb.toString();
        int[] ids = t.encode(text, false, false);
        assertThat(t.decode(ids)).isEqualTo(text);
        assertThat(List.of(ids.length)).allMatch(n -> n < text.length());
    }
}
