package sputnik.engines.builtin.chat.jinja;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real chat templates in src/test/resources/chat-templates rendered to the exact prompts Python Jinja2 gives with
 * transformers' settings, so the engine is checked against what models were trained on, not just against itself.
 */
class JinjaRealTemplatesTest {
    static final String BOS = "<｜begin▁of▁sentence｜>";
    static final String EOS = "<｜end▁of▁sentence｜>";
    static final List<Map<String, Object>> SYSTEM_USER = List.of(
            message("system", "You are helpful."), message("user", "What is 2+2?"));
    static final List<Map<String, Object>> USER = List.of(message("user", "What is 2+2?"));

    static Map<String, Object> message(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    static String render(String file, List<Map<String, Object>> messages, Object... extra) throws IOException {
        String source;
        try (InputStream in = JinjaRealTemplatesTest.class.getResourceAsStream("/chat-templates/" + file)) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("messages", messages);
        vars.put("add_generation_prompt", true);
        vars.put("bos_token", BOS);
        vars.put("eos_token", EOS);
        for (int k = 0; k < extra.length; k += 2) vars.put((String) extra[k], extra[k + 1]);
        return JinjaTemplate.parse(source, file).render(vars);
    }

    @Test
    void qwen25() throws IOException {
        String f = "Qwen-Qwen2.5-7B-Instruct.jinja";
        String defaultSystem = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n";
        assertThat(render(f, SYSTEM_USER)).isEqualTo(
                "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n");
        assertThat(render(f, USER)).isEqualTo(defaultSystem + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n");
        assertThat(render(f, List.of(message("user", "Hi"), message("assistant", "Hello!"), message("user", "Bye")),
                "add_generation_prompt", false)).isEqualTo(defaultSystem
                + "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n");
    }

    @Test
    void qwen25WithToolsAndToolCalls() throws IOException {
        // ordered maps: tojson writes keys in the dict's order (as Python's json.dumps without sort_keys), and Map.of has none
        Map<String, Object> tool = new java.util.LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", Map.of("name", "add"));
        Map<String, Object> call = Map.of("function", Map.of("name", "add", "arguments", Map.of("a", 2)));
        List<Map<String, Object>> messages = List.of(message("user", "2+2?"),
                Map.of("role", "assistant", "content", "", "tool_calls", List.of(call)), message("tool", "4"));
        String out = render("Qwen-Qwen2.5-7B-Instruct.jinja", messages, "tools", List.of(tool));
        assertThat(out).startsWith("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n\n# Tools\n")
                .contains("<tools>\n{\"type\": \"function\", \"function\": {\"name\": \"add\"}}\n</tools>")
                .contains("<|im_start|>assistant\n<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 2}}\n</tool_call><|im_end|>\n")
                .endsWith("<|im_start|>user\n<tool_response>\n4\n</tool_response><|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void qwen3() throws IOException {
        String f = "Qwen-Qwen3-0.6B.jinja";
        assertThat(render(f, USER)).isEqualTo("<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n");
        assertThat(render(f, USER, "enable_thinking", false))
                .isEqualTo("<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
        assertThat(render(f, SYSTEM_USER)).isEqualTo(
                "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n");
        assertThat(render(f, List.of(message("user", "Hi"), message("assistant", "<think>r</think>\n\nAnswer"), message("user", "Bye"))))
                .isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nAnswer<|im_end|>\n"
                        + "<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void qwen3KeepsReasoningAfterTheLastQuery() throws IOException {
        String out = render("Qwen-Qwen3-0.6B.jinja",
                List.of(message("user", "Hi"), message("assistant", "<think>\nr\n</think>\n\nAnswer")), "add_generation_prompt", false);
        assertThat(out).isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\nr\n</think>\n\nAnswer<|im_end|>\n");
    }

    @Test
    void r1DistillQwen() throws IOException {
        String f = "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja";
        assertThat(render(f, SYSTEM_USER, "enable_thinking", true))
                .isEqualTo(BOS + "You are helpful.<｜User｜>What is 2+2?<｜Assistant｜><think>\n");
        assertThat(render(f, USER, "enable_thinking", true)).isEqualTo(BOS + "<｜User｜>What is 2+2?<｜Assistant｜><think>\n");
        assertThat(render(f, USER)).isEqualTo(BOS + "<｜User｜>What is 2+2?<｜Assistant｜><think>\n</think>");
        assertThat(render(f, List.of(message("user", "2+2?"), message("assistant", "<think>x</think>Four"), message("user", "3+3?")),
                "enable_thinking", true)).isEqualTo(BOS + "<｜User｜>2+2?<｜Assistant｜>Four" + EOS + "<｜User｜>3+3?<｜Assistant｜><think>\n");
        assertThat(render(f, USER, "add_generation_prompt", false)).isEqualTo(BOS + "<｜User｜>What is 2+2?");
    }
}
