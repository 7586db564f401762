package sputnik.engines.builtin.server;

import java.util.List;
import sputnik.engines.builtin.chat.ChatTemplate;
import sputnik.engines.builtin.engine.LoadedModel;
import sputnik.engines.builtin.engine.ModelChatTemplate;
import sputnik.engines.builtin.engine.Scheduler;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.api.Message;

/**
 * The model a server serves: its tokenizer, chat template ({@link ModelChatTemplate}, as the built-in engine's) and
 * the scheduler every request's sequences join.
 */
final class ServedModel implements AutoCloseable {
    private final LoadedModel model;
    private final Scheduler scheduler;
    private final boolean thinking;
    private final ModelChatTemplate template;

    /** {@code template}: null for the model's own. */
    ServedModel(LoadedModel model, Scheduler scheduler, ChatTemplate template, boolean thinking) {
        this.model = model;
        this.scheduler = scheduler;
        this.template = new ModelChatTemplate(model, template);
        this.thinking = thinking;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Tokenizer tokenizer() {
        return model.tokenizer();
    }

    int context() {
        return scheduler.config().maxContext();
    }

    /** A chat prompt's tokens and the text the template ended it with inside an open thinking block (R1), or null. */
    record ChatPrompt(int[] tokens, String thinkingOpener) {}

    ChatPrompt chat(List<Message> messages, Boolean enableThinking) throws ApiError {
        ChatTemplate t = template().withThinking(enableThinking != null ? enableThinking : thinking);
        try {
            return new ChatPrompt(t.encode(model.tokenizer(), messages, true), t.thinkingOpener());
        } catch (RuntimeException e) {
            // a Jinja template may raise_exception() on a conversation it does not accept (e.g. roles out of order)
            throw ApiError.invalid("messages", "The chat template refused the messages: " + e.getMessage());
        }
    }

    int[] text(String prompt) {
        return model.tokenizer().encode(prompt);
    }

    private ChatTemplate template() throws ApiError {
        try {
            return template.get();
        } catch (GgufException e) {
            throw new ApiError(400, "invalid_request_error", "This model has no chat template: use /v1/completions, or start the server with"
                    + " --chat-template FILE (" + e.getMessage() + ")", "messages", "no_chat_template");
        }
    }

    @Override
    public void close() {
        scheduler.close();
        model.close();
    }
}
