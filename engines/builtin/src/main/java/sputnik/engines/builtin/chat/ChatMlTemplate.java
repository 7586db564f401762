package sputnik.engines.builtin.chat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sputnik.harness.api.Message;

/**
 * Plain ChatML, as Qwen2 and Qwen2.5 instruct models use it: {@code <|im_start|>role\ncontent<|im_end|>\n}
 * per message and {@code <|im_start|>assistant\n} to generate; the template's default system prompt
 * (Qwen2.5's "You are Qwen, created by Alibaba Cloud. ...") comes first when the messages have none.
 */
record ChatMlTemplate(String defaultSystemPrompt) implements ChatTemplate {
    private static final Pattern DEFAULT_SYSTEM = Pattern.compile("'<\\|im_start\\|>system\\\\n(You are [^'\\\\]*)<\\|im_end\\|>\\\\n'");

    /** The default system prompt a ChatML Jinja template writes when there is no system message, or null. */
    static String defaultSystemPromptIn(String jinja) {
        Matcher m = DEFAULT_SYSTEM.matcher(jinja);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public Family family() {
        return Family.CHATML;
    }

    @Override
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        StringBuilder sb = new StringBuilder();
        if (defaultSystemPrompt != null && (messages.isEmpty() || !messages.get(0).role().equals("system"))) {
            sb.append("<|im_start|>system\n").append(defaultSystemPrompt).append("<|im_end|>\n");
        }
        for (Message m : messages) sb.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
        if (addGenerationPrompt) sb.append("<|im_start|>assistant\n");
        return sb.toString();
    }

    @Override
    public String thinkingOpener() {
        return null;
    }

    @Override
    public ChatTemplate withThinking(boolean enabled) {
        return this;
    }
}
