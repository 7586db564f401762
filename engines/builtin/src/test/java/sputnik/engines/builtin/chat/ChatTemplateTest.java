package sputnik.engines.builtin.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.SharedModels;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.gguf.GgufMetadata;
import sputnik.engines.builtin.gguf.GgufValue;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.api.Message;

/** Exact prompt strings of the supported families, and which family a model gets. */
class ChatTemplateTest {
    static final String BOS = "<｜begin▁of▁sentence｜>";
    static final List<Message> ONE = List.of(Message.user("What is 2+2?"));
    static final List<Message> MULTI = List.of(
            Message.system("Be brief."),
            Message.user("What is 2+2?"),
            new Message("assistant", "<think>\nadd them\n</think>\n\n4"),
            Message.user("And 3+3?"));

    @Test
    void r1DistillQwen() {
        ChatTemplate t = ChatTemplate.deepseekR1(BOS);
        assertThat(t.family()).isEqualTo(ChatTemplate.Family.DEEPSEEK_R1);
        assertThat(t.render(ONE, true)).isEqualTo("<｜begin▁of▁sentence｜><｜User｜>What is 2+2?<｜Assistant｜><think>\n");
        assertThat(t.render(ONE, false)).isEqualTo("<｜begin▁of▁sentence｜><｜User｜>What is 2+2?");
        assertThat(t.render(MULTI, true)).isEqualTo("<｜begin▁of▁sentence｜>Be brief.<｜User｜>What is 2+2?<｜Assistant｜>\n\n4<｜end▁of▁sentence｜>"
                + "<｜User｜>And 3+3?<｜Assistant｜><think>\n");
        assertThat(t.thinkingOpener()).isEqualTo("<think>\n");
        assertThat(t.render(ONE, true)).endsWith(t.thinkingOpener());
        assertThat(t.withThinking(false)).isSameAs(t);
        assertThatThrownBy(() -> t.render(List.of(new Message("tool", "x")), true)).hasMessageContaining("no 'tool' role");
    }

    @Test
    void qwen3ThinkingAndNot() {
        ChatTemplate t = ChatTemplate.qwen3(true);
        assertThat(t.render(ONE, true)).isEqualTo("<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n");
        assertThat(t.withThinking(false).render(ONE, true))
                .isEqualTo("<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
        assertThat(t.render(MULTI, true)).isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n"
                + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                + "<|im_start|>assistant\n4<|im_end|>\n" // before the last user turn: reasoning dropped
                + "<|im_start|>user\nAnd 3+3?<|im_end|>\n"
                + "<|im_start|>assistant\n");
        // an assistant turn after the last user message keeps its reasoning
        List<Message> answered = List.of(Message.user("Hi"), new Message("assistant", "<think>\n\nhmm\n\n</think>\n\nHello"));
        assertThat(t.render(answered, false)).isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\nhmm\n</think>\n\nHello<|im_end|>\n");
        List<Message> plain = List.of(Message.user("Hi"), new Message("assistant", "Hello"));
        assertThat(t.render(plain, false)).isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nHello<|im_end|>\n");
        assertThat(t.thinkingOpener()).isNull();
        assertThat(t.withThinking(false).thinkingOpener()).as("the empty block is closed").isNull();
    }

    @Test
    void chatMlWithATemplatesDefaultSystemPrompt() {
        String jinja = "{%- else %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}";
        ChatTemplate t = ChatTemplate.chatMl(ChatMlTemplate.defaultSystemPromptIn(jinja));
        assertThat(t.render(ONE, true)).isEqualTo("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n");
        assertThat(ChatTemplate.chatMl(null).render(ONE, false)).isEqualTo("<|im_start|>user\nWhat is 2+2?<|im_end|>\n");
    }

    @Test
    void familiesOfTheReferenceModels() throws IOException {
        try (GgufFile f = GgufFile.open(SharedModels.model("tiny-qwen2-q8_0"))) {
            Tokenizer tok = Tokenizer.from(f);
            ChatTemplate t = ChatTemplate.detect(f.metadata(), tok);
            assertThat(t.family()).isEqualTo(ChatTemplate.Family.DEEPSEEK_R1);
            assertThat(t.render(ONE, true)).startsWith(BOS);
            int[] ids = t.encode(tok, ONE, true);
            assertThat(ids[0]).isEqualTo(151646);
            assertThat(java.util.Arrays.stream(ids).filter(i -> i == 151646).count()).isEqualTo(1);
            assertThat(ids[1]).isEqualTo(tok.tokenId("<｜User｜>"));
            assertThat(ids).endsWith(tok.tokenId("<｜Assistant｜>"), tok.tokenId("<think>"), 198);
            assertThat(tok.decode(ids, true)).isEqualTo(t.render(ONE, true));
        }
        try (GgufFile f = GgufFile.open(SharedModels.model("tiny-qwen3moe-q8_0"))) {
            Tokenizer tok = Tokenizer.from(f);
            ChatTemplate t = ChatTemplate.detect(f.metadata(), tok);
            assertThat(t.family()).isEqualTo(ChatTemplate.Family.QWEN3);
            int[] ids = t.encode(tok, ONE, true);
            assertThat(ids[0]).isEqualTo(tok.tokenId("<|im_start|>"));
            assertThat(ids).endsWith(tok.tokenId("<|im_start|>"), tok.tokenId("assistant"), 198);
        }
        try (GgufFile f = GgufFile.open(SharedModels.model("tiny-deepseek2-f32"))) {
            assertThatThrownBy(() -> ChatTemplate.detect(f.metadata(), Tokenizer.from(f))).isInstanceOf(GgufException.class)
                    .hasMessageContaining("no tokenizer.chat_template");
        }
    }

    @Test
    void familyFromAChatTemplateKey() throws IOException {
        try (GgufFile f = GgufFile.open(SharedModels.model("tiny-qwen3moe-q8_0"))) {
            Tokenizer tok = Tokenizer.from(f);
            assertThat(ChatTemplate.detect(with(f.metadata(), "{{'<｜Assistant｜><think>\\n'}}"), tok).family()).isEqualTo(ChatTemplate.Family.DEEPSEEK_R1);
            assertThat(ChatTemplate.detect(with(f.metadata(), "<|im_start|>{% if enable_thinking is defined %}"), tok).family()).isEqualTo(ChatTemplate.Family.QWEN3);
            assertThat(ChatTemplate.detect(with(f.metadata(), "{{'<|im_start|>' + message.role}}"), tok).family()).isEqualTo(ChatTemplate.Family.CHATML);
            // another family: rendered from the file's own Jinja source
            ChatTemplate mistral = ChatTemplate.detect(with(f.metadata(),
                    "{% for m in messages %}{% if m.role == 'user' %}[INST] {{ m.content }} [/INST]{% else %}{{ m.content }}{% endif %}{% endfor %}"), tok);
            assertThat(mistral.family()).isEqualTo(ChatTemplate.Family.FILE);
            assertThat(mistral.render(ONE, true)).isEqualTo("[INST] What is 2+2? [/INST]");
            // one it cannot render: named, with the way out
            assertThatThrownBy(() -> ChatTemplate.detect(with(f.metadata(), "{% macro m() %}x{% endmacro %}[INST]"), tok)).isInstanceOf(GgufException.class)
                    .hasMessageContaining("tokenizer.chat_template").hasMessageContaining("macro").hasMessageContaining("--chat-template FILE");
        }
    }

    private static GgufMetadata with(GgufMetadata m, String template) {
        Map<String, GgufValue> kv = new LinkedHashMap<>(m.asMap());
        kv.put("tokenizer.chat_template", GgufValue.ofString(template));
        return new GgufMetadata(m.source(), kv);
    }
}
