package sputnik.engines.builtin.chat;

import java.util.List;
import sputnik.harness.api.Message;

/**
 * DeepSeek-R1's template, as shipped with R1-Distill-Qwen: the BOS text, the (last) system prompt,
 * then {@code <｜User｜>content} and {@code <｜Assistant｜>answer<｜end▁of▁sentence｜>} turns, an earlier
 * answer's reasoning (up to its last {@code </think>}) dropped; the generation prompt is
 * {@code <｜Assistant｜><think>\n}, so the model starts inside its reasoning.
 */
record R1DistillQwenTemplate(String bosToken) implements ChatTemplate {
    static final String USER = "<｜User｜>";
    static final String ASSISTANT = "<｜Assistant｜>";
    static final String END = "<｜end▁of▁sentence｜>";
    /** What the generation prompt ends with: the model continues inside its reasoning. */
    static final String THINK = "<think>\n";

    @Override
    public Family family() {
        return Family.DEEPSEEK_R1;
    }

    @Override
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        String system = "";
        for (Message m : messages) if (m.role().equals("system")) system = m.content();
        StringBuilder sb = new StringBuilder(bosToken).append(system);
        for (Message m : messages) {
            switch (m.role()) {
                case "system" -> {}
                case "user" -> sb.append(USER).append(m.content());
                case "assistant" -> {
                    String content = m.content();
                    int think = content.lastIndexOf("</think>");
                    if (think >= 0) content = content.substring(think + "</think>".length());
                    sb.append(ASSISTANT).append(content).append(END);
                }
                default -> throw new IllegalArgumentException("the DeepSeek-R1 template has no '" + m.role() + "' role");
            }
        }
        if (addGenerationPrompt) sb.append(ASSISTANT).append(THINK);
        return sb.toString();
    }

    @Override
    public String thinkingOpener() {
        return THINK;
    }

    @Override
    public ChatTemplate withThinking(boolean enabled) {
        return this;
    }
}
