package sputnik.engines.builtin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.ScriptedModels;

/**
 * The official OpenAI Java SDK as the client of sputnik serve: what it parses out of our responses (strictly:
 * {@code validate()} checks every required field and type) must be what the model wrote, and our errors must surface as
 * its typed exceptions with their status, type, param and code.
 */
class OpenAiSdkConformanceTest {
    static Path dir;
    static TestServer server;
    static OpenAIClient client;
    static int scriptTokens;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("sputnik-sdk");
        Path model = ScriptedModels.write(dir.resolve("scripted.gguf"), OpenAiServerTest.SCRIPT);
        try (sputnik.engines.builtin.engine.LoadedModel m = sputnik.engines.builtin.engine.LoadedModel.open(model)) {
            scriptTokens = m.tokenizer().encode(OpenAiServerTest.SCRIPT, false, true).length;
        }
        server = TestServer.start(model, TestServer.Options.defaults().withApiKey("sk-test-key"));
        client = client("sk-test-key", 2);
    }

    static OpenAIClient client(String key, int retries) {
        return OpenAIOkHttpClient.builder().baseUrl(server.base + "/v1").apiKey(key).maxRetries(retries).timeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) client.close();
        if (server != null) server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model("test").addUserMessage("What is 2 + 2?").temperature(0.0);
    }

    @Test
    void chatCompletionWithNChoicesAndUsage() {
        ChatCompletion c = client.chat().completions().create(chat().n(3).seed(7).maxCompletionTokens(64).build());
        c.validate();
        assertThat(c.model()).isEqualTo("test");
        assertThat(c.choices()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            ChatCompletion.Choice ch = c.choices().get(i);
            assertThat(ch.index()).isEqualTo(i);
            assertThat(ch.message().content()).hasValue("\n\nThe answer is \\boxed{4}.");
            assertThat(ch.message()._additionalProperties().get("reasoning_content")).isEqualTo(JsonValue.from("Two and two."));
            assertThat(ch.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        }
        assertThat(c.usage()).isPresent();
        assertThat(c.usage().get().completionTokens()).isEqualTo(3 * (scriptTokens + 1));
        assertThat(c.usage().get().totalTokens()).isEqualTo(c.usage().get().promptTokens() + c.usage().get().completionTokens());
    }

    @Test
    void chatStreamingWithUsage() {
        StringBuilder content = new StringBuilder(), reasoning = new StringBuilder();
        Optional<com.openai.models.completions.CompletionUsage> usage = Optional.empty();
        ChatCompletionChunk.Choice.FinishReason finish = null;
        int chunks = 0;
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                chat().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) s.stream()::iterator) {
                chunk.validate();
                chunks++;
                if (chunk.usage().isPresent()) usage = chunk.usage();
                for (ChatCompletionChunk.Choice ch : chunk.choices()) {
                    ch.delta().content().ifPresent(content::append);
                    JsonValue r = ch.delta()._additionalProperties().get("reasoning_content");
                    if (r != null) reasoning.append(r.asString().orElseThrow());
                    if (ch.finishReason().isPresent()) finish = ch.finishReason().get();
                }
            }
        }
        assertThat(content.toString()).isEqualTo("\n\nThe answer is \\boxed{4}.");
        assertThat(reasoning.toString()).isEqualTo("Two and two.");
        assertThat(finish).isEqualTo(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(usage).isPresent();
        assertThat(usage.get().completionTokens()).isEqualTo(scriptTokens + 1);
        assertThat(chunks).isGreaterThan(5);
    }

    @Test
    void completionsWholeAndStreamed() {
        CompletionCreateParams params = CompletionCreateParams.builder().model("test").prompt("Q: 2+2? A:").maxTokens(4).temperature(0.0).n(2).build();
        Completion c = client.completions().create(params);
        c.validate();
        assertThat(c.choices()).extracting(CompletionChoice::text).containsExactly("Two and two.", "Two and two.");
        assertThat(c.choices()).extracting(CompletionChoice::finishReason).containsOnly(CompletionChoice.FinishReason.LENGTH);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(8);
        StringBuilder[] texts = {new StringBuilder(), new StringBuilder()};
        try (StreamResponse<Completion> s = client.completions().createStreaming(params)) {
            // not validate(): the SDK's model of a text completion chunk wants a finish_reason on every chunk, which OpenAI itself
            // sends as null until the last one (as we do)
            s.stream().forEach(chunk -> {
                for (CompletionChoice ch : chunk.choices()) texts[(int) ch.index()].append(ch.text());
            });
        }
        assertThat(texts[0].toString()).isEqualTo("Two and two.");
        assertThat(texts[1].toString()).isEqualTo("Two and two.");
    }

    @Test
    void errorsBecomeTheSdksTypedExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(chat().temperature(3.0).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).hasValue("temperature");
                    assertThat(e.code()).hasValue("decimal_above_max_value");
                    assertThat(e.type()).hasValue("invalid_request_error");
                });
        assertThatThrownBy(() -> client.chat().completions().create(chat().model("gpt-4o").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).hasValue("model_not_found"));
        OpenAIClient wrong = client("sk-wrong", 0);
        try {
            assertThatThrownBy(() -> wrong.chat().completions().create(chat().build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.code()).hasValue("invalid_api_key"));
        } finally {
            wrong.close();
        }
        assertThatThrownBy(() -> client.chat().completions().create(chat().putAdditionalBodyProperty("presence_penalty", JsonValue.from(1.0)).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).hasValue("presence_penalty"));
    }

    @Test
    void aFullServerIsARateLimitTheSdkRetries() throws Exception {
        try (TestServer small = TestServer.start(dir.resolve("scripted.gguf"), TestServer.Options.defaults().withBatch(1, 0))) {
            OpenAIClient noRetry = OpenAIOkHttpClient.builder().baseUrl(small.base + "/v1").apiKey("x").maxRetries(0).build();
            OpenAIClient retrying = OpenAIOkHttpClient.builder().baseUrl(small.base + "/v1").apiKey("x").maxRetries(5).build();
            // one long stream holds the only place; the next request is refused with 429 until it is gone
            StreamResponse<Completion> hog = noRetry.completions().createStreaming(CompletionCreateParams.builder().model("test").prompt("x")
                    .maxTokens(3000).temperature(0.0).putAdditionalBodyProperty("ignore_eos", JsonValue.from(true)).build());
            var it = hog.stream().iterator();
            assertThat(it.next().choices()).isNotEmpty();
            CompletionCreateParams quick = CompletionCreateParams.builder().model("test").prompt("y").maxTokens(2).temperature(0.0).build();
            assertThatThrownBy(() -> noRetry.completions().create(quick)).isInstanceOfSatisfying(RateLimitException.class, e -> {
                assertThat(e.code()).hasValue("rate_limit_exceeded");
                assertThat(e.headers().values("Retry-After")).containsExactly("1");
            });
            hog.close(); // the client goes away: its sequence is cancelled and its place freed
            assertThat(retrying.completions().create(quick).choices().getFirst().text()).isEqualTo("Two and");
            noRetry.close();
            retrying.close();
        }
    }
}
