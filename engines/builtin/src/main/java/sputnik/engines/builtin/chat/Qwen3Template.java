package sputnik.engines.builtin.chat;

import java.util.List;
import sputnik.harness.api.Message;

/**
 * Qwen3's template (the hybrid-thinking models, Qwen3-30B-A3B and kin), without tools: ChatML turns
 * {@code <|im_start|>role\ncontent<|im_end|>\n}, a leading system message first; an assistant turn
 * after the last user message keeps its reasoning as {@code <think>\n...\n</think>\n\n}, earlier ones
 * lose it; the generation prompt is {@code <|im_start|>assistant\n}, followed by an empty
 * {@code <think>\n\n</think>\n\n} when thinking is off ({@code enable_thinking=false}).
 */
record Qwen3Template(boolean enableThinking) implements ChatTemplate {
    @Override
    public Family family() {
        return Family.QWEN3;
    }

    @Override
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        StringBuilder sb = new StringBuilder();
        int lastQuery = messages.size() - 1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            String c = m.content();
            if (m.role().equals("user") && !(c.startsWith("<tool_response>") && c.endsWith("</tool_response>"))) {
                lastQuery = i;
                break;
            }
        }
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String content = m.content();
            switch (m.role()) {
                case "system" -> sb.append("<|im_start|>system\n").append(content).append("<|im_end|>\n");
                case "user" -> sb.append("<|im_start|>user\n").append(content).append("<|im_end|>\n");
                case "assistant" -> {
                    String reasoning = "";
                    int close = content.indexOf("</think>");
                    if (close >= 0) {
                        String before = stripTrailingNewlines(content.substring(0, close));
                        int open = before.lastIndexOf("<think>");
                        reasoning = stripLeadingNewlines(open >= 0 ? before.substring(open + "<think>".length()) : before);
                        content = stripLeadingNewlines(content.substring(content.lastIndexOf("</think>") + "</think>".length()));
                    }
                    sb.append("<|im_start|>assistant\n");
                    boolean last = i == messages.size() - 1;
                    if (i > lastQuery && (last || !reasoning.isEmpty())) {
                        sb.append("<think>\n").append(stripLeadingNewlines(stripTrailingNewlines(reasoning))).append("\n</think>\n\n")
                                .append(stripLeadingNewlines(content));
                    } else {
                        sb.append(content);
                    }
                    sb.append("<|im_end|>\n");
                }
                default -> throw new IllegalArgumentException("the Qwen3 template has no '" + m.role() + "' role here");
            }
        }
        if (addGenerationPrompt) {
            sb.append("<|im_start|>assistant\n");
            if (!enableThinking) sb.append("<think>\n\n</think>\n\n");
        }
        return sb.toString();
    }

    @Override
    public String thinkingOpener() {
        return null;
    }

    @Override
    public ChatTemplate withThinking(boolean enabled) {
        return new Qwen3Template(enabled);
    }

    static String stripLeadingNewlines(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '\n') i++;
        return s.substring(i);
    }

    static String stripTrailingNewlines(String s) {
        int j = s.length();
        while (j > 0 && s.charAt(j - 1) == '\n') j--;
        return s.substring(0, j);
    }
}
