package sputnik.engines.openai.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import sputnik.harness.api.Message;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Sampling;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

/**
 * Request bodies in the OpenAI wire format. Sampling maps to {@code temperature}, {@code top_p},
 * {@code max_tokens}, {@code seed}, {@code stop}, and {@code top_k} only when set (OpenAI itself rejects
 * it; vLLM, SGLang and llama.cpp accept it). {@code --extra-body} fields are merged in last and win; a
 * field set to null there is removed (e.g. {@code {"max_tokens": null, "max_completion_tokens": 4096}}
 * for OpenAI's o-series). Streaming is the client's business: {@code stream} and
 * {@code stream_options.include_usage} are set after the merge.
 */
public final class RequestBodies {
    private final ApiKind api;
    private final String model;
    private final ObjectNode extra;

  public   RequestBodies(ApiKind api, String model, ObjectNode extra) {
        this.api = api;
        this.model = model;
        this.extra = extra == null ? Json.MAPPER.createObjectNode() : extra;
    }

    public static ObjectNode parseExtra(String json) throws UsageException {
        if (json == null || json.isBlank()) return Json.MAPPER.createObjectNode();
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException("--extra-body is not valid JSON (" + e.getOriginalMessage() + "); e.g. --extra-body '{\"min_p\": 0.05}'");
        }
        if (n == null || !n.isObject()) throw new UsageException("--extra-body must be a JSON object, e.g. '{\"min_p\": 0.05}'");
        for (String reserved : new String[] {"stream", "model", "messages", "prompt"}) {
            if (n.has(reserved)) throw new UsageException("--extra-body must not set \"" + reserved + "\": Sputnik sets it");
        }
        return (ObjectNode) n;
    }

    public ObjectNode extra() {
        return extra;
    }

    /** The body without the streaming fields: what decides the answer, and so the cache key. */
    public ObjectNode body(Prompt prompt, Sampling s) {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("model", model);
        if (api == ApiKind.CHAT) {
            ArrayNode messages = b.putArray("messages");
            for (Message m : messages(prompt)) messages.addObject().put("role", m.role()).put("content", m.content());
        } else {
            b.put("prompt", text(prompt));
        }
        b.put("temperature", s.temperature());
        b.put("top_p", s.topP());
        if (s.topK() > 0) b.put("top_k", s.topK());
        b.put("max_tokens", s.maxTokens());
        b.put("seed", s.seed());
        if (!s.stop().isEmpty()) {
            ArrayNode stop = b.putArray("stop");
            s.stop().forEach(stop::add);
        }
        merge(b, extra);
        return b;
    }

    /** A copy of {@code body} with {@code stream} set, and {@code stream_options.include_usage} when streaming. */
    static ObjectNode withStreaming(ObjectNode body, boolean stream) {
        ObjectNode b = body.deepCopy();
        b.put("stream", stream);
        if (stream) {
            JsonNode opts = b.get("stream_options");
            ObjectNode o = opts instanceof ObjectNode on ? on : b.putObject("stream_options");
            if (!o.has("include_usage")) o.put("include_usage", true);
        } else {
            b.remove("stream_options");
        }
        return b;
    }

    private static void merge(ObjectNode target, ObjectNode extra) {
        for (Iterator<Map.Entry<String, JsonNode>> it = extra.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) target.remove(e.getKey());
            else target.set(e.getKey(), e.getValue().deepCopy());
        }
    }

    /** A text prompt sent to the chat API becomes one user message. */
    static java.util.List<Message> messages(Prompt p) {
        return switch (p) {
            case Prompt.Chat c -> c.messages();
            case Prompt.Text t -> java.util.List.of(Message.user(t.text()));
        };
    }

    /** A chat prompt sent to the completions API: the messages' contents, in order, separated by blank lines. */
    static String text(Prompt p) {
        return switch (p) {
            case Prompt.Text t -> t.text();
            case Prompt.Chat c -> String.join("\n\n", c.messages().stream().map(Message::content).toList());
        };
    }

    /** Characters of prompt text, for the token estimate when a server sends no usage. */
    public static int promptChars(Prompt p) {
        return switch (p) {
            case Prompt.Text t -> t.text().length();
            case Prompt.Chat c -> c.messages().stream().mapToInt(m -> m.content().length()).sum();
        };
    }
}
