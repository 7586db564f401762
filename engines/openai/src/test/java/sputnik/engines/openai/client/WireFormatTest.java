package sputnik.engines.openai.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

/** The pieces of the wire format, without a server: SSE framing, chunks, URLs, Retry-After, backoff. */
class WireFormatTest {
    private static List<SseReader.Event> events(String stream) throws Exception {
        List<SseReader.Event> out = new ArrayList<>();
        try (SseReader r = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)))) {
            SseReader.Event e;
            while ((e = r.next()) != null) out.add(e);
        }
        return out;
    }

    @Test
    void sseFramingFollowsTheSpec() throws Exception {
        String s = ": keep-alive\n\ndata: {\"a\":1}\n\n"
                + "data:{\"b\":2}\r\n\r\n" // no space after the colon, CRLF
                + "event: error\ndata: line one\ndata: line two\n\n"
                + "id: 7\nretry: 100\n\n" // no data: no event
                + "data: [DONE]\n\n"
                + "data: {\"cut\": tr"; // the stream ends inside an event: dropped
        assertThat(events(s)).containsExactly(
                new SseReader.Event("message", "{\"a\":1}"),
                new SseReader.Event("message", "{\"b\":2}"),
                new SseReader.Event("error", "line one\nline two"),
                new SseReader.Event("message", "[DONE]"));
    }

    @Test
    void reasoningSentTwiceUnderBothNamesCountsOnce() throws Exception {
        // vLLM 0.10 sends each reasoning delta as both "reasoning" and "reasoning_content"
        ChunkAccumulator acc = new ChunkAccumulator(0);
        acc.chunk(Json.MAPPER.readTree("{\"choices\":[{\"delta\":{\"reasoning\":\"ab\",\"reasoning_content\":\"ab\"}}]}"), 1_000_000);
        acc.chunk(Json.MAPPER.readTree("{\"choices\":[{\"delta\":{\"content\":\" \"}}]}"), 2_000_000);
        acc.chunk(Json.MAPPER.readTree("{\"choices\":[{\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}"), 4_000_000);
        acc.chunk(Json.MAPPER.readTree("{\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}"), 5_000_000);
        acc.chunk(Json.MAPPER.readTree("{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3}}"), 6_000_000);
        Generation g = acc.finish(7_000_000, true, 40);
        assertThat(g.reasoning()).isEqualTo("ab");
        assertThat(g.text()).isEqualTo(" x");
        assertThat(g.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(g.ttftMs()).isEqualTo(1.0);
        assertThat(g.ttftAnswerMs()).as("the first non-blank answer text").isEqualTo(4.0);
        assertThat(g.itlMs()).containsExactly(1.0, 2.0);
        assertThat(g.e2eMs()).isEqualTo(7.0);
        assertThat(g.tpotMs()).isEqualTo(3.0); // (7 - 1) / (3 - 1)
        assertThat(g.promptTokens()).isEqualTo(9);
        assertThat(g.tokensEstimated()).isFalse();
    }

    @Test
    void aWholeResponseIsReadLikeAStreamWithoutTimings() throws Exception {
        ChunkAccumulator acc = new ChunkAccumulator(0);
        acc.whole(Json.MAPPER.readTree("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"<think>t</think>42\"},"
                + "\"finish_reason\":\"stop\"}]}"));
        Generation g = acc.finish(10_000_000, false, 8);
        assertThat(g.text()).isEqualTo("42");
        assertThat(g.reasoning()).isEqualTo("t");
        assertThat(g.ttftMs()).isEqualTo(10.0);
        assertThat(g.tpotMs()).isNull();
        assertThat(g.tokensEstimated()).isTrue();
        assertThat(g.completionTokens()).as("ceil(18 chars / 4)").isEqualTo(5);
        assertThat(g.promptTokens()).isEqualTo(2);
    }

    @Test
    void baseUrls() throws Exception {
        assertThat(Endpoint.parse("http://localhost:8000").resolve("/chat/completions").toString()).isEqualTo("http://localhost:8000/v1/chat/completions");
        assertThat(Endpoint.parse("https://api.deepseek.com/").resolve("/models").toString()).isEqualTo("https://api.deepseek.com/v1/models");
        assertThat(Endpoint.parse("http://h:1/api/v1/").resolve("/completions").toString()).isEqualTo("http://h:1/api/v1/completions");
        Endpoint q = Endpoint.parse("https://gw.example/openai/v1?api-version=2024&key=SECRET");
        assertThat(q.resolve("/chat/completions").toString()).isEqualTo("https://gw.example/openai/v1/chat/completions?api-version=2024&key=SECRET");
        assertThat(q.display()).isEqualTo("https://gw.example/openai/v1?api-version=…&key=…");
        assertThat(Endpoint.parse("http://localhost:8000").plainHttp()).isTrue();
        assertThatThrownBy(() -> Endpoint.parse("localhost:8000")).isInstanceOf(UsageException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> Endpoint.parse("http://user:pw@h/v1")).isInstanceOf(UsageException.class).hasMessageContaining("--api-key-env");
    }

    private static HttpHeaders headers(Map<String, String> h) {
        return HttpHeaders.of(h.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                (a, b) -> true);
    }

    @Test
    void retryAfterInItsThreeForms() {
        assertThat(EndpointClient.retryAfter(headers(Map.of("retry-after-ms", "250", "retry-after", "9")))).isEqualTo(Duration.ofMillis(250));
        assertThat(EndpointClient.retryAfter(headers(Map.of("retry-after", "2")))).isEqualTo(Duration.ofSeconds(2));
        assertThat(EndpointClient.retryAfter(headers(Map.of("retry-after", "1.5")))).isEqualTo(Duration.ofMillis(1500));
        String date = ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(EndpointClient.retryAfter(headers(Map.of("retry-after", date)))).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(31));
        assertThat(EndpointClient.retryAfter(headers(Map.of("retry-after", "soon")))).isNull();
        assertThat(EndpointClient.retryAfter(headers(Map.of()))).isNull();
    }

    @Test
    void backoffDoublesIsCappedJitteredAndYieldsToTheServer() {
        Duration base = Duration.ofMillis(500);
        assertThat(Retrying.delay(0, null, base, () -> 0L)).isEqualTo(Duration.ofMillis(500));
        assertThat(Retrying.delay(2, null, base, () -> 0L)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Retrying.delay(10, null, base, () -> 0L)).isEqualTo(Duration.ofSeconds(8));
        assertThat(Retrying.delay(1, null, base, () -> -1L)).as("largest jitter: 25% off").isBetween(Duration.ofMillis(750), Duration.ofMillis(751));
        assertThat(Retrying.delay(3, Duration.ofMillis(1234), base, () -> 0L)).isEqualTo(Duration.ofMillis(1234));
        assertThat(Retrying.delay(0, Duration.ofSeconds(3600), base, () -> 0L)).as("over 60 s is not honoured").isEqualTo(base);
        assertThat(Retrying.delay(0, Duration.ZERO, base, () -> 0L)).isEqualTo(base);
        assertThat(EndpointClient.retryableStatus(408)).isTrue();
        assertThat(EndpointClient.retryableStatus(409)).isTrue();
        assertThat(EndpointClient.retryableStatus(429)).isTrue();
        assertThat(EndpointClient.retryableStatus(503)).isTrue();
        assertThat(EndpointClient.retryableStatus(400)).isFalse();
        assertThat(EndpointClient.retryableStatus(401)).isFalse();
        assertThat(EndpointClient.retryableStatus(404)).isFalse();
    }

    @Test
    void theRateLimiterSpacesRequestsEvenly() throws Exception {
        RateLimiter r = new RateLimiter(1200); // one per 50 ms
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) r.acquire();
        assertThat((System.nanoTime() - t0) / 1e6).as("the 5th waits for 4 intervals").isGreaterThanOrEqualTo(199);
    }
}
