package sputnik.engines.builtin.engine;

import sputnik.engines.builtin.chat.ChatTemplate;
import sputnik.engines.builtin.gguf.GgufException;

/**
 * The chat template prompts of a loaded model are rendered with: the one given ({@code --chat-template}), or the
 * model's own, found on first use, so that a model without one fails only when a chat prompt comes.
 */
public final class ModelChatTemplate {
    private final LoadedModel model;
    private volatile ChatTemplate template;

    /** {@code given}: the template to use, or null for the model's own. */
    public ModelChatTemplate(LoadedModel model, ChatTemplate given) {
        this.model = model;
        this.template = given;
    }

    /** The template; a {@link GgufException} when the model has none this engine can render. */
    public ChatTemplate get() throws GgufException {
        ChatTemplate t = template;
        if (t != null) return t;
        synchronized (this) {
            if (template == null) template = ChatTemplate.detect(model.model().file().metadata(), model.tokenizer());
            return template;
        }
    }
}
