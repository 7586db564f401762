package sputnik.engines.openai.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import sputnik.harness.api.FinishReason;
import sputnik.harness.util.ThinkTags;

/**
 * Builds a {@link Generation} from streamed chunks (chat {@code delta}s or completion {@code text}s),
 * or from one non-streamed response. Reasoning comes from {@code reasoning_content} (DeepSeek, vLLM,
 * llama.cpp) or {@code reasoning} (vLLM 0.10+, Ollama, OpenRouter), never both counted, or else from
 * {@code <think>} tags in the answer ({@link ThinkTags}). Every text-carrying chunk's arrival time is
 * kept, so the first answer token's time is known even when the answer is only told apart from the
 * reasoning at the end (a {@code </think>} late in the text).
 */
public final class ChunkAccumulator {
    private final long startNanos;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private long firstTokenNanos = -1;
    private long lastTokenNanos = -1;
    private long[] gaps = new long[64];
    private int gapCount;
    /** Arrival time and end offset in {@code content} of each chunk that added answer text. */
    private long[] contentTimes = new long[64];
    private int[] contentEnds = new int[64];
    private int contentChunks;
    private int textChunks;
    private String finishReason;
    private JsonNode usage;

    ChunkAccumulator(long startNanos) {
        this.startNanos = startNanos;
    }

    boolean finished() {
        return finishReason != null;
    }

    int textChunks() {
        return textChunks;
    }

    /** One streamed chunk (a parsed {@code data:} payload) that arrived at {@code nanos}. */
    void chunk(JsonNode chunk, long nanos) {
        JsonNode u = chunk.get("usage");
        if (u != null && u.isObject()) usage = u;
        JsonNode choices = chunk.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) return;
        JsonNode choice = choices.get(0);
        JsonNode delta = choice.has("delta") ? choice.get("delta") : choice;
        String think = text(delta, "reasoning_content");
        if (think == null) think = text(delta, "reasoning");
        String answer = text(delta, "content");
        if (answer == null) answer = text(delta, "text");
        boolean carried = false;
        if (think != null && !think.isEmpty()) {
            reasoning.append(think);
            carried = true;
        }
        if (answer != null && !answer.isEmpty()) {
            content.append(answer);
            if (contentChunks == contentTimes.length) {
                contentTimes = Arrays.copyOf(contentTimes, contentChunks * 2);
                contentEnds = Arrays.copyOf(contentEnds, contentChunks * 2);
            }
            contentTimes[contentChunks] = nanos;
            contentEnds[contentChunks++] = content.length();
            carried = true;
        }
        if (carried) {
            textChunks++;
            if (firstTokenNanos < 0) firstTokenNanos = nanos;
            else {
                if (gapCount == gaps.length) gaps = Arrays.copyOf(gaps, gapCount * 2);
                gaps[gapCount++] = nanos - lastTokenNanos;
            }
            lastTokenNanos = nanos;
        }
        String fr = text(choice, "finish_reason");
        if (fr != null) finishReason = fr;
    }

    /** A whole non-streamed response. */
    void whole(JsonNode response) {
        chunk(response, startNanos);
        JsonNode choices = response.get("choices");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            JsonNode message = choices.get(0).get("message");
            if (message != null && message.isObject()) chunk(wrap(message, choices.get(0)), startNanos);
        }
    }

    private static JsonNode wrap(JsonNode message, JsonNode choice) {
        var node = sputnik.harness.util.Json.MAPPER.createObjectNode();
        var c = node.putArray("choices").addObject();
        c.set("delta", message);
        c.set("finish_reason", choice.get("finish_reason"));
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    /**
     * The finished generation. {@code promptChars} feeds the prompt-token estimate when the server
     * sent no usage; the completion estimate is one token per streamed text chunk (what vLLM and
     * llama.cpp send) or, for a non-streamed response, one per 4 characters.
     */
    Generation finish(long endNanos, boolean streamed, int promptChars) {
        String answer = content.toString();
        String thinking = reasoning.isEmpty() ? null : reasoning.toString();
        int answerFrom = 0;
        if (thinking == null) {
            ThinkTags.Split s = ThinkTags.split(answer);
            if (s.reasoning() != null) {
                thinking = s.reasoning();
                answer = s.answer();
                answerFrom = s.answerFrom();
            }
        }
        String raw = content.toString();
        // An unclosed block is all thinking: there is no answer to time.
        if (thinking == null && raw.stripLeading().startsWith(ThinkTags.OPEN)) answerFrom = raw.length();
        while (answerFrom < raw.length() && Character.isWhitespace(raw.charAt(answerFrom))) answerFrom++;
        Double ttftAnswer = null;
        if (streamed && answerFrom < raw.length()) {
            for (int i = 0; i < contentChunks; i++) {
                if (contentEnds[i] > answerFrom) {
                    ttftAnswer = ms(contentTimes[i] - startNanos);
                    break;
                }
            }
        }
        int prompt, completion;
        boolean estimated = false;
        JsonNode pt = usage == null ? null : usage.get("prompt_tokens");
        JsonNode ct = usage == null ? null : usage.get("completion_tokens");
        if (pt != null && pt.isNumber() && ct != null && ct.isNumber()) {
            prompt = pt.asInt();
            completion = ct.asInt();
        } else {
            estimated = true;
            prompt = pt != null && pt.isNumber() ? pt.asInt() : (promptChars + 3) / 4;
            completion = ct != null && ct.isNumber() ? ct.asInt()
                    : streamed ? textChunks : Generation.estimateTokens(raw) + Generation.estimateTokens(reasoning.toString());
        }
        double e2e = ms(endNanos - startNanos);
        double ttft = streamed && firstTokenNanos >= 0 ? ms(firstTokenNanos - startNanos) : e2e;
        double[] itl = new double[gapCount];
        for (int i = 0; i < gapCount; i++) itl[i] = ms(gaps[i]);
        return new Generation(answer, thinking, FinishReason.parse(finishReason), prompt, completion, estimated, ttft, ttftAnswer,
                e2e, itl, streamed && firstTokenNanos >= 0);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
