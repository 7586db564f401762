package sputnik.engines.builtin.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sputnik.engines.builtin.chat.jinja.JinjaTemplate;
import sputnik.harness.api.Message;

/**
 * The chat templates rendered from their Jinja source (as the model files carry them; copies from llama.cpp's
 * {@code models/templates} in the test resources) give exactly the text of the templates in code, for every
 * conversation shape the engine sends, so a model whose family is in code and one rendered from its file are
 * prompted alike.
 */
class FileChatTemplateTest {
    static final String BOS = "<｜begin▁of▁sentence｜>";

    static String resource(String name) throws IOException {
        try (InputStream in = FileChatTemplateTest.class.getResourceAsStream("/chat-templates/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static FileChatTemplate fromFile(String name, String bos, String eos) throws IOException {
        return new FileChatTemplate(JinjaTemplate.parse(resource(name), name), bos, eos, true);
    }

    static Stream<List<Message>> conversations() {
        return Stream.of(
                List.of(Message.user("What is 2+2?")),
                List.of(Message.system("You are helpful."), Message.user("What is 2+2?")),
                List.of(Message.user("Hi"), new Message("assistant", "<think>\nthinking here\n</think>\n\nHello!"), Message.user("What is 2+2?")),
                List.of(Message.system("Be brief."), Message.user("Q1"), new Message("assistant", "A1"), Message.user("Q2 with\nlines and $x^2$")),
                List.of(Message.user("Hi"), new Message("assistant", "<think>r</think>Answer")));
    }

    @ParameterizedTest
    @MethodSource("conversations")
    void deepSeekR1TemplatesFromTheirFilesEqualTheTemplateInCode(List<Message> messages) throws IOException {
        ChatTemplate code = ChatTemplate.deepseekR1(BOS);
        for (String name : new String[] {"deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja", "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja"}) {
            FileChatTemplate file = fromFile(name, BOS, "<｜end▁of▁sentence｜>");
            for (boolean generate : new boolean[] {true, false}) {
                assertThat(file.render(messages, generate)).as("%s, add_generation_prompt=%s", name, generate).isEqualTo(code.render(messages, generate));
            }
            assertThat(file.thinkingOpener()).isEqualTo(code.thinkingOpener());
        }
    }

    @ParameterizedTest
    @MethodSource("conversations")
    void qwen3FromItsFileEqualsTheTemplateInCodeWithThinkingOnAndOff(List<Message> messages) throws IOException {
        FileChatTemplate file = fromFile("Qwen-Qwen3-0.6B.jinja", "", "<|im_end|>");
        for (boolean thinking : new boolean[] {true, false}) {
            ChatTemplate f = file.withThinking(thinking), code = ChatTemplate.qwen3(thinking);
            for (boolean generate : new boolean[] {true, false}) {
                assertThat(f.render(messages, generate)).as("thinking=%s add_generation_prompt=%s", thinking, generate)
                        .isEqualTo(code.render(messages, generate));
            }
            assertThat(f.thinkingOpener()).isEqualTo(code.thinkingOpener());
        }
    }

    @ParameterizedTest
    @MethodSource("conversations")
    void qwen25FromItsFileEqualsChatMlInCodeWithTheDefaultSystemPrompt(List<Message> messages) throws IOException {
        String source = resource("Qwen-Qwen2.5-7B-Instruct.jinja");
        FileChatTemplate file = new FileChatTemplate(JinjaTemplate.parse(source, "qwen2.5"), "", "<|im_end|>", true);
        ChatTemplate code = ChatTemplate.chatMl(ChatMlTemplate.defaultSystemPromptIn(source));
        for (boolean generate : new boolean[] {true, false}) {
            assertThat(file.render(messages, generate)).as("add_generation_prompt=%s", generate).isEqualTo(code.render(messages, generate));
        }
    }

    @Test
    void aTemplateOfAnotherFamilyIsRenderedFromItsSource() {
        String gemma = "{{ bos_token }}{% for m in messages %}<start_of_turn>{{ 'model' if m.role == 'assistant' else m.role }}\n"
                + "{{ m.content | trim }}<end_of_turn>\n{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}";
        ChatTemplate t = new FileChatTemplate(JinjaTemplate.parse(gemma, "gemma"), "<bos>", "<eos>", true);
        assertThat(t.family()).isEqualTo(ChatTemplate.Family.FILE);
        assertThat(t.render(List.of(Message.user(" Hi "), new Message("assistant", "Hello")), true))
                .isEqualTo("<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\nHello<end_of_turn>\n<start_of_turn>model\n");
        assertThat(t.thinkingOpener()).isNull();
    }

    @Test
    void anUnsupportedConstructIsNamedWithItsLine() {
        String source = "{% for m in messages %}{{ m.content }}{% endfor %}\n{% macro turn(m) %}{{ m }}{% endmacro %}";
        assertThatThrownBy(() -> JinjaTemplate.parse(source, "custom")).hasMessageContaining("custom").hasMessageContaining("macro")
                .hasMessageContaining("line 2");
    }
}
