package sputnik.engines.builtin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Message;

class RequestParserTest {
    private static CompletionRequest chat(String json) throws ApiError {
        return RequestParser.parse(json.getBytes(StandardCharsets.UTF_8), true);
    }

    private static CompletionRequest completion(String json) throws ApiError {
        return RequestParser.parse(json.getBytes(StandardCharsets.UTF_8), false);
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, String param, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status).isEqualTo(400);
            assertThat(e.type).isEqualTo("invalid_request_error");
            assertThat(e.param).isEqualTo(param);
            assertThat(e.code).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void aChatRequestWithEveryFieldItKnows() throws ApiError {
        CompletionRequest r = chat("""
                {"model": "m", "messages": [{"role": "developer", "content": "Be brief."},
                  {"role": "user", "content": [{"type": "text", "text": "2+"}, {"type": "text", "text": "2?"}]},
                  {"role": "assistant", "content": null}, {"role": "user", "content": "and?"}],
                 "max_tokens": 10, "max_completion_tokens": 20, "temperature": 0.5, "top_p": 0.9, "top_k": 40, "min_p": 0.05,
                 "seed": 12345678901, "stop": ["\\n\\n", "", "END"], "n": 3, "stream": true, "stream_options": {"include_usage": true},
                 "logprobs": true, "top_logprobs": 5, "ignore_eos": true, "chat_template_kwargs": {"enable_thinking": false},
                 "user": "someone", "some_future_field": {"x": 1}}""");
        assertThat(r.messages()).containsExactly(Message.system("Be brief."), Message.user("2+2?"), new Message("assistant", ""), Message.user("and?"));
        assertThat(r.maxTokens()).isEqualTo(20);
        assertThat(r.temperature()).isEqualTo(0.5);
        assertThat(r.topP()).isEqualTo(0.9);
        assertThat(r.topK()).isEqualTo(40);
        assertThat(r.minP()).isEqualTo(0.05);
        assertThat(r.seed()).isEqualTo(12345678901L);
        assertThat(r.stop()).containsExactly("\n\n", "END");
        assertThat(r.n()).isEqualTo(3);
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.logprobs()).isEqualTo(5);
        assertThat(r.ignoreEos()).isTrue();
        assertThat(r.enableThinking()).isFalse();
        assertThat(r.sequences()).isEqualTo(3);
    }

    @Test
    void defaultsAreOpenAisOwn() throws ApiError {
        CompletionRequest c = chat("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertThat(c.maxTokens()).isNull(); // what the context leaves
        assertThat(c.temperature()).isEqualTo(1);
        assertThat(c.topP()).isEqualTo(1);
        assertThat(c.topK()).isZero();
        assertThat(c.seed()).isNull();
        assertThat(c.n()).isEqualTo(1);
        assertThat(c.logprobs()).isEqualTo(-1);
        CompletionRequest t = completion("{\"prompt\": \"hi\"}");
        assertThat(t.maxTokens()).isEqualTo(16);
        assertThat(completion("{\"prompt\": \"hi\", \"top_k\": -1}").topK()).isZero(); // vLLM's "off"
    }

    @Test
    void completionPromptsComeInFourForms() throws ApiError {
        assertThat(completion("{\"prompt\": \"a\"}").prompts()).singleElement().extracting(CompletionRequest.PromptInput::text).isEqualTo("a");
        assertThat(completion("{\"prompt\": [1, 2, 3]}").prompts()).singleElement().extracting(CompletionRequest.PromptInput::tokens)
                .isEqualTo(new int[] {1, 2, 3});
        CompletionRequest many = completion("{\"prompt\": [\"a\", [5, 6]], \"n\": 2, \"logprobs\": 3, \"echo\": false}");
        assertThat(many.prompts()).hasSize(2);
        assertThat(many.sequences()).isEqualTo(4);
        assertThat(many.logprobs()).isEqualTo(3);
        refused(() -> completion("{\"prompt\": [\"a\", 7]}"), "prompt[1]", "invalid_type", "expected a string or an array of token ids");
        refused(() -> completion("{\"prompt\": [1, -2]}"), "prompt[1]", "invalid_type", "token id");
        refused(() -> completion("{\"prompt\": []}"), "prompt", "empty_array", "empty array");
        refused(() -> completion("{}"), "prompt", "missing_required_parameter", "Missing required parameter: 'prompt'");
    }

    @Test
    void wrongTypesAreRefusedNamingTheField() {
        refused(() -> chat("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"temperature\": \"hot\"}"), "temperature", "invalid_type",
                "Invalid type for 'temperature': expected a decimal, but got a string instead.");
        refused(() -> chat("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"max_tokens\": 1.5}"), "max_tokens", "invalid_type", "an integer");
        refused(() -> chat("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"stream\": \"yes\"}"), "stream", "invalid_type", "a boolean");
        refused(() -> chat("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"stop\": [\"a\", 1]}"), "stop[1]", "invalid_type", "a string");
        refused(() -> chat("{\"messages\": \"hi\"}"), "messages", "invalid_type", "an array");
        refused(() -> chat("{\"messages\": [{\"role\": \"user\", \"content\": 5}]}"), "messages[0].content", "invalid_type", "a string or an array");
        refused(() -> chat("{\"messages\": [{\"content\": \"x\"}]}"), "messages[0].role", "missing_required_parameter", "'messages[0].role'");
        refused(() -> chat("{\"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}"), "messages[0].role", "invalid_value", "'robot'");
        refused(() -> chat("{\"messages\": []}"), "messages", "empty_array", "empty array");
        refused(() -> chat("{}"), "messages", "missing_required_parameter", "'messages'");
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        String m = "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]";
        refused(() -> chat("{" + m + ", \"temperature\": 3}"), "temperature", "decimal_above_max_value", "Expected a value <= 2, but got 3");
        refused(() -> chat("{" + m + ", \"temperature\": -0.1}"), "temperature", "decimal_below_min_value", ">= 0");
        refused(() -> chat("{" + m + ", \"top_p\": 0}"), "top_p", null, "greater than 0");
        refused(() -> chat("{" + m + ", \"max_tokens\": 0}"), "max_tokens", "integer_below_min_value", ">= 1");
        refused(() -> chat("{" + m + ", \"n\": 129}"), "n", "integer_above_max_value", "<= 128");
        refused(() -> chat("{" + m + ", \"top_logprobs\": 21, \"logprobs\": true}"), "top_logprobs", "integer_above_max_value", "<= 20");
        refused(() -> chat("{" + m + ", \"top_logprobs\": 2}"), "top_logprobs", null, "requires 'logprobs'");
        refused(() -> chat("{" + m + ", \"stream_options\": {\"include_usage\": true}}"), "stream_options", null, "only allowed when 'stream'");
        refused(() -> completion("{\"prompt\": [\"a\", \"b\"], \"n\": 100}"), "n", null, "200 sequences");
    }

    @Test
    void fieldsItCannotHonourAreRefusedNotIgnored() {
        String m = "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]";
        refused(() -> chat("{" + m + ", \"presence_penalty\": 0.5}"), "presence_penalty", "unsupported_parameter", "penalties");
        refused(() -> chat("{" + m + ", \"tools\": [{\"type\": \"function\"}]}"), "tools", "unsupported_parameter", "tool calls");
        refused(() -> chat("{" + m + ", \"response_format\": {\"type\": \"json_object\"}}"), "response_format", "unsupported_parameter", "'text'");
        refused(() -> chat("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}"), "messages[0].content[0].type",
                "unsupported_parameter", "text content parts");
        refused(() -> completion("{\"prompt\": \"a\", \"best_of\": 3}"), "best_of", "unsupported_parameter", "best_of");
    }

    @Test
    void logitBiasMapsTokenIdsToBiases() throws ApiError {
        String m = "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]";
        assertThat(chat("{" + m + ", \"logit_bias\": {\"5\": 10, \"7\": -100}}").logitBias()).containsOnly(
                java.util.Map.entry(5, 10f), java.util.Map.entry(7, -100f));
        // llama.cpp's form: [id, bias] pairs, false for a ban
        assertThat(chat("{" + m + ", \"logit_bias\": [[5, false], [7, 2.5]]}").logitBias()).containsOnly(
                java.util.Map.entry(5, Float.NEGATIVE_INFINITY), java.util.Map.entry(7, 2.5f));
        refused(() -> chat("{" + m + ", \"logit_bias\": [[5]]}"), "logit_bias[0]", "invalid_type", "a pair");
        refused(() -> chat("{" + m + ", \"logit_bias\": {\"x\": 1}}"), "logit_bias", "invalid_value", "not a token id");
        refused(() -> chat("{" + m + ", \"logit_bias\": {\"5\": 101}}"), "logit_bias", "invalid_value", "[-100, 100]");
        refused(() -> chat("{" + m + ", \"logit_bias\": {\"5\": \"a\"}}"), "logit_bias.5", "invalid_type", "a number");
    }

    @Test
    void zeroPenaltiesAndTextFormatAreFine() throws ApiError {
        chat("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"presence_penalty\": 0, \"frequency_penalty\": 0.0,"
                + " \"logit_bias\": {}, \"tools\": [], \"response_format\": {\"type\": \"text\"}}");
    }

    @Test
    void malformedJsonIsRefusedWithWhereItBroke() {
        refused(() -> chat("{\"messages\": ["), null, "invalid_json", "line 1");
        refused(() -> chat("[1, 2]"), null, "invalid_json", "must be a JSON object");
        refused(() -> chat(""), null, "invalid_json", "JSON object");
    }
}
