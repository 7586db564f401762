package sputnik.engines.builtin.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sputnik.engines.builtin.chat.jinja.JinjaTemplate;
import sputnik.harness.api.Message;

/**
 * A chat template rendered from its own Jinja source: the model file's {@code tokenizer.chat_template} when its family
 * has no template in code, or {@code --chat-template FILE}. Rendered as transformers' {@code apply_chat_template} does:
 * {@code messages} as a list of {@code {role, content}}, {@code add_generation_prompt}, {@code bos_token},
 * {@code eos_token} and {@code enable_thinking} (the switch Qwen3's templates read; templates that do not read it are
 * unaffected).
 */
final class FileChatTemplate implements ChatTemplate {
    private final JinjaTemplate template;
    private final String bosToken, eosToken;
    private final boolean enableThinking;
    private final String opener;

    /** {@code template} parsed from its source; {@code bosToken} and {@code eosToken} the vocabulary's texts ("" when none). */
    FileChatTemplate(JinjaTemplate template, String bosToken, String eosToken, boolean enableThinking) {
        this.template = template;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.enableThinking = enableThinking;
        this.opener = openerOf(render(List.of(Message.user("x")), true));
    }

    /** A generation prompt that ends inside an opened think block (R1's {@code <think>\n}) starts the model's text in its thinking. */
    private static String openerOf(String prompt) {
        if (prompt.endsWith("<think>\n")) return "<think>\n";
        if (prompt.endsWith("<think>")) return "<think>";
        return null;
    }

    @Override
    public Family family() {
        return Family.FILE;
    }

    @Override
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        List<Map<String, Object>> turns = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", m.role());
            turn.put("content", m.content());
            turns.add(turn);
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("messages", turns);
        vars.put("add_generation_prompt", addGenerationPrompt);
        vars.put("bos_token", bosToken);
        vars.put("eos_token", eosToken);
        vars.put("enable_thinking", enableThinking);
        return template.render(vars);
    }

    @Override
    public String thinkingOpener() {
        return opener;
    }

    @Override
    public ChatTemplate withThinking(boolean enabled) {
        return enabled == enableThinking ? this : new FileChatTemplate(template, bosToken, eosToken, enabled);
    }
}
