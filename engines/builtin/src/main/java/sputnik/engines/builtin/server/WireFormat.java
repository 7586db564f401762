package sputnik.engines.builtin.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.util.Json;

/**
 * The response bodies and stream chunks of one request, shaped as OpenAI sends them: {@code chat.completion} /
 * {@code chat.completion.chunk} with {@code message} / {@code delta} (reasoning in {@code reasoning_content}, as
 * vLLM, SGLang and llama.cpp send it), or {@code text_completion} with {@code text}; the same id and {@code created}
 * on every chunk; {@code usage} with prompt, completion and total tokens.
 */
final class WireFormat {
    private final String id, model;
    private final long created;
    private final boolean chat;
    private final Tokenizer tokenizer;

    WireFormat(String id, long created, String model, boolean chat, Tokenizer tokenizer) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.chat = chat;
        this.tokenizer = tokenizer;
    }

    /** Token counts: the prompt once per prompt (not per choice, as OpenAI counts {@code n}), every choice's tokens. */
    record Usage(int promptTokens, int completionTokens) {}

    private ObjectNode envelope(boolean chunk) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("object", chat ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion");
        o.put("created", created);
        o.put("model", model);
        return o;
    }

    /**
     * A stream chunk for one choice: {@code first} opens a chat choice with its role; {@code finish} (null while it
     * runs) closes it; {@code top} the alternatives asked for per token, or -1 for no log-probabilities.
     */
    ObjectNode chunk(int index, ChoiceStream.Delta d, boolean first, String finish, int top) {
        ObjectNode o = envelope(true);
        ObjectNode c = o.putArray("choices").addObject();
        c.put("index", index);
        if (chat) {
            ObjectNode delta = c.putObject("delta");
            if (first) delta.put("role", "assistant");
            if (!d.reasoning().isEmpty()) delta.put("reasoning_content", d.reasoning());
            if (!d.content().isEmpty() || first) delta.put("content", d.content());
        } else {
            c.put("text", d.content());
        }
        if (top >= 0 && !d.tokens().isEmpty()) c.set("logprobs", logprobs(d.tokens(), top));
        else c.putNull("logprobs");
        c.put("finish_reason", finish);
        return o;
    }

    /** The last chunk when {@code stream_options.include_usage}: no choices, the request's usage. */
    ObjectNode usageChunk(Usage u) {
        ObjectNode o = envelope(true);
        o.putArray("choices");
        usage(o, u);
        return o;
    }

    /** One choice of a whole response. */
    record Choice(int index, String reasoning, String content, String finish, List<ChoiceStream.TokenEntry> tokens) {}

    ObjectNode whole(List<Choice> choices, Usage u, int top) {
        ObjectNode o = envelope(false);
        ArrayNode cs = o.putArray("choices");
        for (Choice ch : choices) {
            ObjectNode c = cs.addObject();
            c.put("index", ch.index());
            if (chat) {
                ObjectNode m = c.putObject("message");
                m.put("role", "assistant");
                m.put("content", ch.content());
                if (ch.reasoning() != null) m.put("reasoning_content", ch.reasoning());
            } else {
                c.put("text", ch.content());
            }
            if (top >= 0) c.set("logprobs", logprobs(ch.tokens(), top));
            else c.putNull("logprobs");
            c.put("finish_reason", ch.finish());
        }
        usage(o, u);
        return o;
    }

    private static void usage(ObjectNode o, Usage u) {
        ObjectNode n = o.putObject("usage");
        n.put("prompt_tokens", u.promptTokens());
        n.put("completion_tokens", u.completionTokens());
        n.put("total_tokens", u.promptTokens() + u.completionTokens());
    }

    /**
     * Chat: {@code {"content": [{"token", "logprob", "bytes", "top_logprobs": [...]}]}}. Completions: {@code {"tokens",
     * "token_logprobs", "top_logprobs": [{token: logprob}], "text_offset"}}, the top list holding the drawn token too,
     * as vLLM's does; an echoed prompt's first token has null for both, having no context.
     */
    private ObjectNode logprobs(List<ChoiceStream.TokenEntry> tokens, int top) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (chat) {
            ArrayNode content = o.putArray("content");
            for (ChoiceStream.TokenEntry t : tokens) {
                ObjectNode e = content.addObject();
                entry(e, t.id(), t.logprobs().logprob());
                ArrayNode alts = e.putArray("top_logprobs");
                for (int i = 0; i < Math.min(top, t.logprobs().topIds().length); i++) entry(alts.addObject(), t.logprobs().topIds()[i], t.logprobs().topLogprobs()[i]);
            }
        } else {
            ArrayNode toks = o.putArray("tokens"), lps = o.putArray("token_logprobs"), tops = o.putArray("top_logprobs"), offs = o.putArray("text_offset");
            for (ChoiceStream.TokenEntry t : tokens) {
                toks.add(text(t.id()));
                offs.add(t.textOffset());
                if (t.logprobs() == null) {
                    lps.addNull();
                    tops.addNull();
                    continue;
                }
                lps.add(t.logprobs().logprob());
                ObjectNode alts = tops.addObject();
                for (int i = 0; i < Math.min(top, t.logprobs().topIds().length); i++) alts.put(text(t.logprobs().topIds()[i]), t.logprobs().topLogprobs()[i]);
                if (!alts.has(text(t.id()))) alts.put(text(t.id()), t.logprobs().logprob());
            }
        }
        return o;
    }

    private void entry(ObjectNode e, int token, float logprob) {
        byte[] bytes = tokenizer.piece(token);
        e.put("token", new String(bytes, StandardCharsets.UTF_8));
        e.put("logprob", logprob);
        ArrayNode b = e.putArray("bytes");
        for (byte x : bytes) b.add(x & 0xFF);
    }

    private String text(int token) {
        return new String(tokenizer.piece(token), StandardCharsets.UTF_8);
    }
}
