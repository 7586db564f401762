package sputnik.harness.testing;

import java.util.Map;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Timings;
import sputnik.harness.api.Verdict;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.run.SampleIds;

/**
 * Builds {@link SampleRecord}s for tests: {@code TestSample.of("p1", 0).correct("42").build()}. Defaults: suite
 * "arith", finish reason stop, 100 prompt and 50 completion tokens, timings ttft 10 ms / e2e 110 ms, no
 * answer, verdict incorrect. Shared with other modules through the harness test-jar.
 */
public final class TestSample {
    private final String problemId;
    private final int index;
    private String suite = "arith";
    private Verdict verdict = Verdict.INCORRECT;
    private String extracted;
    private String voteKey;
    private FinishReason finishReason = FinishReason.STOP;
    private int promptTokens = 100;
    private int completionTokens = 50;
    private Timings timings = Timings.of(10, 110, 50);
    private Map<String, Object> detail = Map.of();

    private TestSample(String problemId, int index) {
        this.problemId = problemId;
        this.index = index;
    }

    public static TestSample of(String problemId, int index) {
        return new TestSample(problemId, index);
    }

    /** A correct sample whose extracted answer and vote key are {@code answer}. */
    public TestSample correct(String answer) {
        return answer(Verdict.CORRECT, answer);
    }

    /** A wrong sample whose extracted answer and vote key are {@code answer}. */
    public TestSample wrong(String answer) {
        return answer(Verdict.INCORRECT, answer);
    }

    public TestSample answer(Verdict v, String answer) {
        this.verdict = v;
        this.extracted = answer;
        this.voteKey = answer;
        return this;
    }

    /** A wrong sample from which no answer was extracted. */
    public TestSample noAnswer() {
        return answer(Verdict.INCORRECT, null);
    }

    public TestSample verdict(Verdict v) {
        this.verdict = v;
        return this;
    }

    public TestSample extracted(String extracted) {
        this.extracted = extracted;
        return this;
    }

    public TestSample voteKey(String voteKey) {
        this.voteKey = voteKey;
        return this;
    }

    public TestSample suite(String suite) {
        this.suite = suite;
        return this;
    }

    public TestSample finish(FinishReason f) {
        this.finishReason = f;
        return this;
    }

    public TestSample tokens(int prompt, int completion) {
        this.promptTokens = prompt;
        this.completionTokens = completion;
        return this;
    }

    public TestSample timings(Timings t) {
        this.timings = t;
        return this;
    }

    public TestSample detail(Map<String, Object> d) {
        this.detail = d;
        return this;
    }

    public SampleRecord build() {
        String id = SampleIds.id(suite, problemId, index);
        return new SampleRecord(id, suite, problemId, index, SampleIds.seed(1234, id), "0".repeat(64),
                "The answer is " + extracted, null, finishReason, promptTokens, completionTokens, timings, verdict,
                extracted, voteKey, detail, "2025-01-01T00:00:00Z");
    }
}
