package sputnik.harness.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * summary.json: the scores of a run, a pure function of run.json's config and scope and the samples
 * in samples.jsonl (wall-clock facts live in run.json), so an interrupted-and-resumed run and an
 * uninterrupted one give byte-equal summaries.
 */
public record Summary(
        Map<String, Object> run,
        Counts counts,
        @JsonProperty("pass_at_1") Score passAt1,
        List<AtK> passAtK,
        List<AtK> consAtK,
        Map<String, Integer> verdicts,
        Map<String, Distribution> tokens,
        Map<String, Distribution> latencyMs,
        List<ProblemRow> perProblem,
        Map<String, String> definitions) {

    /**
     * @param problems         problems in scope
     * @param problemsScored   problems with at least one finished sample (the ones scores average over)
     * @param samplesPerProblem k, the samples asked for per problem
     * @param samplesExpected  problems x k
     * @param samplesDone      finished samples in scope
     * @param samplesMissing   samples not finished yet (failed or not reached): run the command again
     * @param truncated        samples cut by the length limit or with an unclosed think block
     * @param noAnswer         samples from which no answer could be extracted
     * @param ungraded         samples without a verdict yet: the grader failed on them (sandbox errors) or their grading was
     *                         deferred (run --no-grade); not counted as done
     * @param samplesOutsideScope finished samples in the directory that this scope leaves out (a run
     *                         narrowed by a smaller --limit or --samples): kept, but not scored
     */
    public record Counts(
            int problems, int problemsScored, int samplesPerProblem, int samplesExpected, int samplesDone,
            int samplesMissing, boolean complete, int truncated, int noAnswer, int ungraded, int samplesOutsideScope) {}

    /** A score with its 95% bootstrap interval over problems. */
    public record Score(double value, double ciLow, double ciHigh, double level, int resamples, long seed) {}

    public record AtK(int k, double value) {}

    /**
     * @param answers   vote key -> number of samples that gave it
     * @param majority  the majority-vote answer over all samples (null when none had an answer)
     */
    public record ProblemRow(
            String problemId, int samples, int correct, @JsonProperty("pass_at_1") double passAt1, String majority, boolean majorityCorrect,
            Map<String, Integer> answers, double meanCompletionTokens, int truncated) {}
}
