package sputnik.harness.run;

import java.util.Map;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Timings;
import sputnik.harness.api.Verdict;

/**
 * One line of samples.jsonl: a finished, graded sample. Everything needed to re-grade or re-score it
 * without calling the engine again is here.
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
        Timings timings,
        Verdict verdict,
        String extracted,
        String voteKey,
        Map<String, Object> detail,
        String finishedAt) {

    public Completion completion() {
        return new Completion(response, reasoning, finishReason, promptTokens, completionTokens, timings);
    }

    public SampleRecord withGrade(Grade g) {
        return new SampleRecord(sampleId, suite, problemId, sampleIndex, seed, promptSha256, response, reasoning,
                finishReason, promptTokens, completionTokens, timings, g.verdict(), g.extracted(), g.voteKey(),
                g.detail(), finishedAt);
    }

    public SampleRecord withFinishedAt(String at) {
        return new SampleRecord(sampleId, suite, problemId, sampleIndex, seed, promptSha256, response, reasoning,
                finishReason, promptTokens, completionTokens, timings, verdict, extracted, voteKey, detail, at);
    }

    /** Cut by the length limit, or flagged so by the grader (e.g. a think block that never closed). */
    public boolean truncated() {
        return finishReason == FinishReason.LENGTH || Boolean.TRUE.equals(detail == null ? null : detail.get("truncated"));
    }
}
