package sputnik.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Timings;
import sputnik.harness.api.Verdict;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.util.Json;

/**
 * The optional fields streaming engines add (answer TTFT, inter-token latencies, estimated token
 * counts) stay out of the line when absent, so runs of engines that do not measure them keep the
 * exact samples.jsonl format they always had, and both forms read back.
 */
class SampleRecordJsonTest {
    private static SampleRecord record(Boolean estimated, Timings t) {
        return new SampleRecord("arith:p1#0", "arith", "p1", 0, 7L, "abc", "42", null, FinishReason.STOP, 10, 20, estimated, t,
                Verdict.CORRECT, "42", "42", Map.of("rule", "boxed"), "2025-01-01T00:00:00Z");
    }

    @Test
    void withoutTheOptionalFieldsTheLineIsTheClassicOne() throws Exception {
        String line = Json.line(record(null, Timings.of(10, 110, 21)));
        assertThat(line).isEqualTo("{\"sample_id\":\"arith:p1#0\",\"suite\":\"arith\",\"problem_id\":\"p1\",\"sample_index\":0,\"seed\":7,"
                + "\"prompt_sha256\":\"abc\",\"response\":\"42\",\"reasoning\":null,\"finish_reason\":\"stop\",\"prompt_tokens\":10,"
                + "\"completion_tokens\":20,\"timings\":{\"ttft_ms\":10.0,\"e2e_ms\":110.0,\"tpot_ms\":5.0},\"verdict\":\"correct\","
                + "\"extracted\":\"42\",\"vote_key\":\"42\",\"detail\":{\"rule\":\"boxed\"},\"finished_at\":\"2025-01-01T00:00:00Z\"}");
        SampleRecord back = Json.MAPPER.readValue(line, SampleRecord.class);
        assertThat(back).isEqualTo(record(null, Timings.of(10, 110, 21)));
        assertThat(back.completion().tokensEstimated()).isFalse();
    }

    @Test
    void streamingFieldsAndTheEstimateFlagRoundTrip() throws Exception {
        Timings t = new Timings(10, 110, 5.0, 60.0, new Timings.Itl(19, 5, 4.5, 7, 9, 9.5));
        SampleRecord r = record(true, t);
        String line = Json.line(r);
        assertThat(line).contains("\"tokens_estimated\":true")
                .contains("\"ttft_answer_ms\":60.0")
                .contains("\"itl_ms\":{\"count\":19,\"mean\":5.0,\"p50\":4.5,\"p90\":7.0,\"p99\":9.0,\"max\":9.5}");
        SampleRecord back = Json.MAPPER.readValue(line, SampleRecord.class);
        assertThat(back).isEqualTo(r);
        assertThat(back.completion().tokensEstimated()).isTrue();
        assertThat(back.withGrade(new sputnik.harness.api.Grade(Verdict.INCORRECT, null, null, Map.of())).tokensEstimated()).isTrue();
    }
}
