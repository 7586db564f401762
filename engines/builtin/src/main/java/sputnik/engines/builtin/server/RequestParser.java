package sputnik.engines.builtin.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import sputnik.engines.builtin.engine.Generator;
import sputnik.harness.api.Message;
import sputnik.harness.util.Json;

/**
 * Reads a request body into a {@link CompletionRequest}, with OpenAI's checks and messages: a field of the wrong type or
 * out of range is a 400 naming it ({@code param}). Unknown fields are ignored, as OpenAI-compatible servers do; fields
 * the server knows but cannot honour (penalties, tools, JSON mode) are refused rather than ignored, so that
 * a client never gets an answer made under other rules than it asked for.
 */
final class RequestParser {
    private RequestParser() {}

    /** Most sequences one request may start ({@code n} times the prompts), as OpenAI's limit on {@code n}. */
    static final int MAX_SEQUENCES = 128;

    static CompletionRequest parse(byte[] body, boolean chat) throws ApiError {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.invalid(null, "We could not parse the JSON body of your request: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", "invalid_json");
        } catch (java.io.IOException e) {
            throw ApiError.invalid(null, "We could not read the body of your request: " + e.getMessage(), "invalid_json");
        }
        if (root == null || !root.isObject()) throw ApiError.invalid(null, "The request body must be a JSON object.", "invalid_json");
        refuseUnsupported(root, chat);
        String model = optString(root, "model");
        List<Message> messages = null;
        Boolean thinking = null;
        List<CompletionRequest.PromptInput> prompts = null;
        if (chat) {
            messages = messages(root);
            JsonNode kwargs = root.get("chat_template_kwargs");
            if (kwargs != null && !kwargs.isNull()) {
                if (!kwargs.isObject()) throw typeError("chat_template_kwargs", "an object", kwargs);
                JsonNode t = kwargs.get("enable_thinking");
                if (t != null && !t.isNull()) {
                    if (!t.isBoolean()) throw typeError("chat_template_kwargs.enable_thinking", "a boolean", t);
                    thinking = t.booleanValue();
                }
            }
        } else {
            prompts = prompts(root);
        }
        Integer maxTokens = optInt(root, "max_tokens", 1, Integer.MAX_VALUE);
        Integer maxCompletion = optInt(root, "max_completion_tokens", 1, Integer.MAX_VALUE);
        if (maxCompletion != null) maxTokens = maxCompletion; // the newer name wins, as on OpenAI
        if (maxTokens == null && !chat) maxTokens = 16; // OpenAI's (and vLLM's) default for completions
        double temperature = optNumber(root, "temperature", 0, 2, 1);
        double topP = optNumber(root, "top_p", 0, 1, 1);
        if (topP == 0) throw ApiError.invalid("top_p", "Invalid 'top_p': must be greater than 0, but got 0 instead.");
        Integer topK = optInt(root, "top_k", -1, Integer.MAX_VALUE);
        double minP = optNumber(root, "min_p", 0, 1, 0);
        Long seed = optLong(root, "seed");
        List<String> stop = stop(root);
        Integer n = optInt(root, "n", 1, MAX_SEQUENCES);
        boolean stream = optBoolean(root, "stream", false);
        boolean includeUsage = false;
        JsonNode so = root.get("stream_options");
        if (so != null && !so.isNull()) {
            if (!so.isObject()) throw typeError("stream_options", "an object", so);
            if (!stream) throw ApiError.invalid("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
            includeUsage = optBoolean(so, "include_usage", false, "stream_options.include_usage");
        }
        int logprobs = -1;
        boolean echo = false;
        if (chat) {
            boolean lp = optBoolean(root, "logprobs", false);
            Integer top = optInt(root, "top_logprobs", 0, Generator.MAX_TOP_LOGPROBS);
            if (top != null && !lp) throw ApiError.invalid("top_logprobs", "'top_logprobs' requires 'logprobs' to be true.");
            if (lp) logprobs = top == null ? 0 : top;
        } else {
            Integer lp = optInt(root, "logprobs", 0, Generator.MAX_TOP_LOGPROBS);
            if (lp != null) logprobs = lp;
            echo = optBoolean(root, "echo", false);
        }
        boolean ignoreEos = optBoolean(root, "ignore_eos", false);
        java.util.Map<Integer, Float> bias = logitBias(root);
        int count = n == null ? 1 : n;
        int sequences = count * (chat ? 1 : prompts.size());
        if (sequences > MAX_SEQUENCES) {
            throw ApiError.invalid("n", "Invalid 'n': " + count + " choices for " + prompts.size() + " prompts is " + sequences
                    + " sequences; at most " + MAX_SEQUENCES + " per request.");
        }
        return new CompletionRequest(chat, model, messages, thinking, prompts, maxTokens, temperature, topP, topK == null ? 0 : Math.max(0, topK),
                minP, seed, stop, count, stream, includeUsage, logprobs, echo, ignoreEos, bias);
    }

    private static void refuseUnsupported(JsonNode root, boolean chat) throws ApiError {
        for (String f : new String[] {"presence_penalty", "frequency_penalty"}) {
            JsonNode v = root.get(f);
            if (v != null && !v.isNull()) {
                if (!v.isNumber()) throw typeError(f, "a decimal", v);
                if (v.doubleValue() != 0) throw unsupported(f, "penalties are not supported by sputnik serve; leave it unset or 0");
            }
        }
        JsonNode rp = root.get("repetition_penalty");
        if (rp != null && !rp.isNull() && !(rp.isNumber() && rp.doubleValue() == 1)) {
            throw unsupported("repetition_penalty", "penalties are not supported by sputnik serve; leave it unset or 1");
        }
        for (String f : new String[] {"tools", "functions"}) {
            JsonNode v = root.get(f);
            if (v != null && !v.isNull() && !v.isEmpty()) throw unsupported(f, "tool calls are not supported by sputnik serve");
        }
        JsonNode rf = root.get("response_format");
        if (rf != null && !rf.isNull() && !"text".equals(rf.path("type").asText("text"))) {
            throw unsupported("response_format", "only the 'text' response format is supported by sputnik serve");
        }
        if (!chat) {
            JsonNode suffix = root.get("suffix");
            if (suffix != null && !suffix.isNull() && !suffix.asText().isEmpty()) throw unsupported("suffix", "'suffix' is not supported by sputnik serve");
            JsonNode bestOf = root.get("best_of");
            if (bestOf != null && !bestOf.isNull() && !(bestOf.isIntegralNumber() && bestOf.intValue() == root.path("n").asInt(1))) {
                throw unsupported("best_of", "'best_of' other than 'n' is not supported by sputnik serve");
            }
        }
    }

    private static ApiError unsupported(String param, String why) {
        return ApiError.invalid(param, "Unsupported parameter '" + param + "': " + why + ".", "unsupported_parameter");
    }

    private static List<Message> messages(JsonNode root) throws ApiError {
        JsonNode ms = root.get("messages");
        if (ms == null || ms.isNull()) throw ApiError.invalid("messages", "Missing required parameter: 'messages'.", "missing_required_parameter");
        if (!ms.isArray()) throw typeError("messages", "an array", ms);
        if (ms.isEmpty()) throw ApiError.invalid("messages", "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "empty_array");
        List<Message> out = new ArrayList<>(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            String at = "messages[" + i + "]";
            JsonNode m = ms.get(i);
            if (!m.isObject()) throw typeError(at, "an object", m);
            JsonNode r = m.get("role");
            if (r == null || r.isNull()) throw ApiError.invalid(at + ".role", "Missing required parameter: '" + at + ".role'.", "missing_required_parameter");
            if (!r.isTextual()) throw typeError(at + ".role", "a string", r);
            String role = switch (r.textValue()) {
                case "system", "developer" -> "system"; // OpenAI's newer name for the system turn
                case "user" -> "user";
                case "assistant" -> "assistant";
                case "tool", "function" -> throw unsupported(at + ".role", "tool messages are not supported by sputnik serve");
                default -> throw ApiError.invalid(at + ".role", "Invalid value: '" + r.textValue() + "'. Supported values are: 'system',"
                        + " 'developer', 'user' and 'assistant'.", "invalid_value");
            };
            out.add(new Message(role, content(m.get("content"), at + ".content", role.equals("assistant"))));
        }
        return List.copyOf(out);
    }

    /** A message's content: a string, or an array of text parts (joined); an assistant's may be null. */
    private static String content(JsonNode c, String at, boolean mayBeNull) throws ApiError {
        if (c == null || c.isNull()) {
            if (mayBeNull) return "";
            throw ApiError.invalid(at, "Missing required parameter: '" + at + "'.", "missing_required_parameter");
        }
        if (c.isTextual()) return c.textValue();
        if (!c.isArray()) throw typeError(at, "a string or an array of content parts", c);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            JsonNode part = c.get(i);
            String type = part.path("type").asText("");
            if (!type.equals("text")) {
                throw unsupported(at + "[" + i + "].type", "only text content parts are supported by sputnik serve, got '" + type + "'");
            }
            JsonNode t = part.get("text");
            if (t == null || !t.isTextual()) throw typeError(at + "[" + i + "].text", "a string", t);
            b.append(t.textValue());
        }
        return b.toString();
    }

    /** {@code prompt}: a string, an array of strings, an array of token ids, or an array of such arrays. */
    private static List<CompletionRequest.PromptInput> prompts(JsonNode root) throws ApiError {
        JsonNode p = root.get("prompt");
        if (p == null || p.isNull()) throw ApiError.invalid("prompt", "Missing required parameter: 'prompt'.", "missing_required_parameter");
        if (p.isTextual()) return List.of(new CompletionRequest.PromptInput(p.textValue(), null));
        if (!p.isArray()) throw typeError("prompt", "a string or an array", p);
        if (p.isEmpty()) throw ApiError.invalid("prompt", "Invalid 'prompt': empty array.", "empty_array");
        if (p.get(0).isIntegralNumber()) return List.of(new CompletionRequest.PromptInput(null, tokens(p, "prompt")));
        List<CompletionRequest.PromptInput> out = new ArrayList<>(p.size());
        for (int i = 0; i < p.size(); i++) {
            JsonNode e = p.get(i);
            if (e.isTextual()) out.add(new CompletionRequest.PromptInput(e.textValue(), null));
            else if (e.isArray()) out.add(new CompletionRequest.PromptInput(null, tokens(e, "prompt[" + i + "]")));
            else throw typeError("prompt[" + i + "]", "a string or an array of token ids", e);
        }
        return List.copyOf(out);
    }

    private static int[] tokens(JsonNode a, String at) throws ApiError {
        if (a.isEmpty()) throw ApiError.invalid(at, "Invalid '" + at + "': empty array.", "empty_array");
        int[] t = new int[a.size()];
        for (int i = 0; i < t.length; i++) {
            JsonNode e = a.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.intValue() < 0) throw typeError(at + "[" + i + "]", "a token id (an integer >= 0)", e);
            t[i] = e.intValue();
        }
        return t;
    }

    /**
     * {@code logit_bias}: OpenAI's object of token ids (as strings) to a bias in [-100, 100] added to their logits, or
     * llama.cpp's array of {@code [id, bias]} pairs where a bias of {@code false} bans the token (as its server takes
     * them, so that a load test can send both servers the same body).
     */
    private static java.util.Map<Integer, Float> logitBias(JsonNode root) throws ApiError {
        JsonNode b = root.get("logit_bias");
        if (b == null || b.isNull()) return java.util.Map.of();
        java.util.Map<Integer, Float> out = new java.util.HashMap<>();
        if (b.isArray()) {
            for (int i = 0; i < b.size(); i++) {
                JsonNode pair = b.get(i);
                String at = "logit_bias[" + i + "]";
                if (!pair.isArray() || pair.size() != 2) throw typeError(at, "a pair [token id, bias or false]", pair);
                JsonNode id = pair.get(0), v = pair.get(1);
                if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) throw typeError(at + "[0]", "a token id (an integer >= 0)", id);
                if (v.isBoolean() && !v.booleanValue()) out.put(id.intValue(), Float.NEGATIVE_INFINITY);
                else out.put(id.intValue(), bias(v, at + "[1]", id.intValue()));
            }
            return java.util.Map.copyOf(out);
        }
        if (!b.isObject()) throw typeError("logit_bias", "an object mapping token ids to numbers", b);
        for (var it = b.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException x) {
                throw ApiError.invalid("logit_bias", "Invalid key in 'logit_bias': '" + e.getKey() + "' is not a token id.", "invalid_value");
            }
            if (id < 0) throw ApiError.invalid("logit_bias", "Invalid key in 'logit_bias': " + id + " is not a token id.", "invalid_value");
            out.put(id, bias(e.getValue(), "logit_bias." + e.getKey(), id));
        }
        return java.util.Map.copyOf(out);
    }

    private static float bias(JsonNode v, String at, int id) throws ApiError {
        if (!v.isNumber()) throw typeError(at, "a number", v);
        if (!(v.doubleValue() >= -100 && v.doubleValue() <= 100)) {
            throw ApiError.invalid("logit_bias", "Invalid value in 'logit_bias' for token " + id + ": must be in [-100, 100], got " + v + ".", "invalid_value");
        }
        return v.floatValue();
    }

    private static List<String> stop(JsonNode root) throws ApiError {
        JsonNode s = root.get("stop");
        if (s == null || s.isNull()) return List.of();
        if (s.isTextual()) return s.textValue().isEmpty() ? List.of() : List.of(s.textValue());
        if (!s.isArray()) throw typeError("stop", "a string or an array of strings", s);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            JsonNode e = s.get(i);
            if (!e.isTextual()) throw typeError("stop[" + i + "]", "a string", e);
            if (!e.textValue().isEmpty()) out.add(e.textValue());
        }
        return List.copyOf(out);
    }

    private static String optString(JsonNode root, String f) throws ApiError {
        JsonNode v = root.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw typeError(f, "a string", v);
        return v.textValue();
    }

    private static boolean optBoolean(JsonNode root, String f, boolean dflt) throws ApiError {
        return optBoolean(root, f, dflt, f);
    }

    private static boolean optBoolean(JsonNode node, String f, boolean dflt, String param) throws ApiError {
        JsonNode v = node.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isBoolean()) throw typeError(param, "a boolean", v);
        return v.booleanValue();
    }

    private static Integer optInt(JsonNode root, String f, int min, int max) throws ApiError {
        JsonNode v = root.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) throw typeError(f, "an integer", v);
        double d = v.doubleValue();
        if (d < min) throw range(f, "integer below minimum value", ">= " + min, v);
        if (d > max) throw range(f, "integer above maximum value", "<= " + max, v);
        return (int) d;
    }

    private static Long optLong(JsonNode root, String f) throws ApiError {
        JsonNode v = root.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw typeError(f, "an integer", v);
        return v.longValue();
    }

    private static double optNumber(JsonNode root, String f, double min, double max, double dflt) throws ApiError {
        JsonNode v = root.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isNumber()) throw typeError(f, "a decimal", v);
        double d = v.doubleValue();
        if (!(d >= min)) throw range(f, "decimal below minimum value", ">= " + num(min), v);
        if (!(d <= max)) throw range(f, "decimal above maximum value", "<= " + num(max), v);
        return d;
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static ApiError range(String f, String what, String expected, JsonNode got) {
        String code = (what.startsWith("integer") ? "integer" : "decimal") + (what.contains("below") ? "_below_min_value" : "_above_max_value");
        return ApiError.invalid(f, "Invalid '" + f + "': " + what + ". Expected a value " + expected + ", but got " + got + " instead.", code);
    }

    private static ApiError typeError(String f, String expected, JsonNode got) {
        return ApiError.invalid(f, "Invalid type for '" + f + "': expected " + expected + ", but got " + kind(got) + " instead.", "invalid_type");
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isNull()) return "null";
        if (n.isTextual()) return "a string";
        if (n.isBoolean()) return "a boolean";
        if (n.isIntegralNumber()) return "an integer";
        if (n.isNumber()) return "a decimal";
        if (n.isArray()) return "an array";
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
