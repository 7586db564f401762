package sputnik.engines.builtin.server;

import java.util.List;
import sputnik.harness.api.Message;

/**
 * A {@code /v1/chat/completions} or {@code /v1/completions} request, checked ({@link RequestParser}).
 *
 * @param messages        chat: the conversation; null for completions
 * @param enableThinking  chat: {@code chat_template_kwargs.enable_thinking}, or null for the server's default
 * @param prompts         completions: one or more prompts, each text or token ids; null for chat
 * @param maxTokens       most tokens per choice, or null for what the context leaves (chat) / 16 (completions, as OpenAI)
 * @param seed            the sampling seed, or null for a random one
 * @param n               choices per prompt
 * @param logprobs        -1 for none, else the number of alternatives per token
 * @param logitBias       token id to the bias added to its logit (empty for none)
 */
record CompletionRequest(boolean chat, String model, List<Message> messages, Boolean enableThinking, List<PromptInput> prompts,
                         Integer maxTokens, double temperature, double topP, int topK, double minP, Long seed, List<String> stop, int n,
                         boolean stream, boolean includeUsage, int logprobs, boolean echo, boolean ignoreEos,
                         java.util.Map<Integer, Float> logitBias) {

    /** One completions prompt: text, or token ids as given. */
    record PromptInput(String text, int[] tokens) {}

    /** Sequences the request starts. */
    int sequences() {
        return n * (chat ? 1 : prompts.size());
    }
}
