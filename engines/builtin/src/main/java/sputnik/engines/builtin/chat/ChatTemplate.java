package sputnik.engines.builtin.chat;

import java.util.List;
import sputnik.engines.builtin.chat.jinja.JinjaException;
import sputnik.engines.builtin.chat.jinja.JinjaTemplate;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufMetadata;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.api.Message;

/**
 * Renders a conversation into the prompt text a model was trained on, as its Hugging Face chat
 * template does. The families Sputnik supports are rendered in code ({@link Family}); {@link #detect}
 * picks the family from {@code tokenizer.chat_template} when the file has one, else from the
 * vocabulary and architecture.
 */
public sealed interface ChatTemplate permits R1DistillQwenTemplate, Qwen3Template, ChatMlTemplate, FileChatTemplate {
    enum Family {
        /** DeepSeek-R1 and its distills: {@code <｜begin▁of▁sentence｜>sys<｜User｜>q<｜Assistant｜><think>\n}. */
        DEEPSEEK_R1,
        /** Qwen3 (hybrid thinking): ChatML with {@code enable_thinking}. */
        QWEN3,
        /** Plain ChatML ({@code <|im_start|>role\ncontent<|im_end|>\n}), as Qwen2.5. */
        CHATML,
        /** Any other: rendered from the template's own Jinja source ({@code tokenizer.chat_template} or {@code --chat-template FILE}). */
        FILE
    }

    Family family();

    /**
     * The prompt text: {@code messages} are "system", "user" and "assistant" turns; with {@code
     * addGenerationPrompt} the assistant's turn is opened for the model to continue.
     */
    String render(List<Message> messages, boolean addGenerationPrompt);

    /**
     * The text with which the generation prompt opens a {@code <think>} block for the model to continue (R1's
     * {@code "<think>\n"}), or null when it ends outside one. The model's text then starts inside its thinking, and
     * only this says so: the engine puts it back in front of a block that never closes, for the graders to see.
     */
    String thinkingOpener();

    /**
     * The same template with thinking switched on or off where the family has the switch (Qwen3's
     * {@code enable_thinking}: off puts an empty {@code <think>\n\n</think>\n\n} after the prompt);
     * families without it return themselves.
     */
    ChatTemplate withThinking(boolean enabled);

    /**
     * The prompt's tokens: the rendered text tokenized with special tokens parsed and nothing added,
     * so a BOS the template writes is there once (as llama.cpp does when it applies a template).
     */
    default int[] encode(Tokenizer tokenizer, List<Message> messages, boolean addGenerationPrompt) {
        return tokenizer.encode(render(messages, addGenerationPrompt), false, true);
    }

    static ChatTemplate deepseekR1(String bosToken) {
        return new R1DistillQwenTemplate(bosToken);
    }

    static ChatTemplate qwen3(boolean enableThinking) {
        return new Qwen3Template(enableThinking);
    }

    static ChatTemplate chatMl(String defaultSystemPrompt) {
        return new ChatMlTemplate(defaultSystemPrompt);
    }

    /**
     * A template rendered from Jinja {@code source} (named {@code name} in errors) with the vocabulary's BOS and EOS
     * texts. An {@link IllegalArgumentException} names the construct and line when the source uses one outside the
     * supported subset (see {@code chat.jinja}) or is malformed.
     */
    static ChatTemplate fromJinja(String source, String name, Tokenizer tokenizer) {
        try {
            return new FileChatTemplate(JinjaTemplate.parse(source, name), tokenText(tokenizer, tokenizer.bos()), tokenText(tokenizer, tokenizer.eos()), true);
        } catch (JinjaException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String tokenText(Tokenizer tokenizer, int id) {
        return id >= 0 ? tokenizer.tokenText(id) : "";
    }

    /**
     * The template of a model: from {@code tokenizer.chat_template} when present (DeepSeek's
     * {@code <｜Assistant｜>} markers, Qwen3's {@code enable_thinking}, else ChatML's {@code <|im_start|>}: the
     * families rendered in code; any other template is rendered from its Jinja source), otherwise from the
     * vocabulary ({@code <｜User｜>}/{@code <｜Assistant｜>} tokens, or {@code <|im_start|>} with a qwen3 architecture).
     * A {@link GgufException} names the file when no family fits or the file's template cannot be rendered.
     */
    static ChatTemplate detect(GgufMetadata metadata, Tokenizer tokenizer) {
        String bos = tokenizer.bos() >= 0 ? tokenizer.tokenText(tokenizer.bos()) : "";
        String arch = metadata.getString("general.architecture", "");
        var template = metadata.findString("tokenizer.chat_template");
        if (template.isPresent()) {
            String t = template.get();
            if (t.contains("<｜Assistant｜>") || t.contains("<｜User｜>")) return deepseekR1(bos);
            if (t.contains("<|im_start|>")) {
                if (t.contains("enable_thinking")) return qwen3(true);
                return chatMl(ChatMlTemplate.defaultSystemPromptIn(t));
            }
            try {
                return fromJinja(t, metadata.source() + " tokenizer.chat_template", tokenizer);
            } catch (IllegalArgumentException e) {
                throw new GgufException(e.getMessage() + "; supply a template Sputnik can render with --chat-template FILE", e);
            }
        }
        if (tokenizer.tokenId("<｜User｜>") >= 0 && tokenizer.tokenId("<｜Assistant｜>") >= 0) return deepseekR1(bos);
        if (tokenizer.tokenId("<|im_start|>") >= 0 && tokenizer.tokenId("<|im_end|>") >= 0) {
            return arch.startsWith("qwen3") ? qwen3(true) : chatMl(null);
        }
        throw new GgufException(metadata.source() + ": no tokenizer.chat_template, and the vocabulary has no chat markers Sputnik knows"
                + " (<｜User｜>/<｜Assistant｜> or <|im_start|>); supply a template with --chat-template FILE");
    }
}
