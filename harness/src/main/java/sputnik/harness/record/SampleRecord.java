package sputnik.harness.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Timings;
import sputnik.harness.api.Verdict;

/**
 * One line of samples.jsonl: a finished, graded sample. Everything needed to re-grade or re-score it
 * without calling the engine again is here. {@code tokensEstimated} is true when the engine estimated
 * the token counts (an endpoint that sent no usage); it is null, and left out of the line, otherwise.
 */
public record SampleRecord(
        String sampleId,
        String suite,
        String problemId,
        int sampleIndex,
        long seed,
        String promptSha256,
        String response,
        String reasoning,
        FinishReason finishReason,
        int promptTokens,
        int completionTokens,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean tokensEstimated,
        Timings timings,
        Verdict verdict,
        String extracted,
        String voteKey,
        Map<String, Object> detail,
        String finishedAt) {

    /** A record whose token counts are the engine's own count (no {@code tokens_estimated} flag). */
    public SampleRecord(String sampleId, String suite, String problemId, int sampleIndex, long seed, String promptSha256,
            String response, String reasoning, FinishReason finishReason, int promptTokens, int completionTokens,
            Timings timings, Verdict verdict, String extracted, String voteKey, Map<String, Object> detail, String finishedAt) {
        this(sampleId, suite, problemId, sampleIndex, seed, promptSha256, response, reasoning, finishReason, promptTokens,
                completionTokens, null, timings, verdict, extracted, voteKey, detail, finishedAt);
    }

    public Completion completion() {
        return new Completion(response, reasoning, finishReason, promptTokens, completionTokens, timings,
                Boolean.TRUE.equals(tokensEstimated));
    }

    public SampleRecord withGrade(Grade g) {
        return new SampleRecord(sampleId, suite, problemId, sampleIndex, seed, promptSha256, response, reasoning,
                finishReason, promptTokens, completionTokens, tokensEstimated, timings, g.verdict(), g.extracted(), g.voteKey(),
                g.detail(), finishedAt);
    }

    public SampleRecord withFinishedAt(String at) {
        return new SampleRecord(sampleId, suite, problemId, sampleIndex, seed, promptSha256, response, reasoning,
                finishReason, promptTokens, completionTokens, tokensEstimated, timings, verdict, extracted, voteKey, detail, at);
    }

    /** Cut by the length limit, or flagged so by the grader (e.g. a think block that never closed). */
    public boolean truncated() {
        return finishReason == FinishReason.LENGTH || Boolean.TRUE.equals(detail == null ? null : detail.get("truncated"));
    }
}
