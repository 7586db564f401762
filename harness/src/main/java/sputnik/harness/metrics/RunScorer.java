package sputnik.harness.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sputnik.harness.api.Verdict;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.record.SampleRecords;

/**
 * Scores a run as the published protocols do: pass@1 is the mean over problems of (correct samples /
 * samples) as in the DeepSeek-R1 report; pass@k is Chen et al.'s unbiased estimator; cons@k is the
 * majority vote over the first k samples of each problem (by sample index).
 */
public final class RunScorer {
    private RunScorer() {}

    public static final Map<String, String> DEFINITIONS = definitions();

    public static Summary score(Map<String, Object> run, List<String> problemIds, int k, List<SampleRecord> records) {
        Map<String, List<SampleRecord>> byProblem = new LinkedHashMap<>();
        for (String id : problemIds) byProblem.put(id, new ArrayList<>());
        int ungraded = 0, outside = 0;
        // A sample counts once, even if a file edited by hand holds it twice: the first record wins. A
        // sample the grader could not grade (sandbox error, the grader's fault) is not done: it is
        // neither right nor wrong, and the run stays incomplete until it is graded.
        Map<String, Integer> awaiting = new TreeMap<>();
        for (SampleRecord r : SampleRecords.effective(records)) {
            if (!SampleRecords.inScope(r, byProblem.keySet(), k)) {
                if (SampleRecords.graded(r)) outside++;
                continue;
            }
            List<SampleRecord> list = byProblem.get(r.problemId());
            if (SampleRecords.graded(r)) {
                list.add(r);
            } else {
                ungraded++;
                awaiting.merge(r.verdict().wire(), 1, Integer::sum);
            }
        }
        List<Summary.ProblemRow> rows = new ArrayList<>();
        List<List<SampleRecord>> scored = new ArrayList<>();
        int done = 0, truncated = 0, noAnswer = 0;
        Map<String, Integer> verdicts = new TreeMap<>();
        List<Double> completionTokens = new ArrayList<>(), promptTokens = new ArrayList<>();
        List<Double> ttft = new ArrayList<>(), e2e = new ArrayList<>(), tpot = new ArrayList<>();
        List<Double> ttftAnswer = new ArrayList<>(), itlMean = new ArrayList<>();
        for (Map.Entry<String, List<SampleRecord>> e : byProblem.entrySet()) {
            List<SampleRecord> samples = e.getValue();
            samples.sort(Comparator.comparingInt(SampleRecord::sampleIndex));
            if (samples.isEmpty()) continue;
            scored.add(samples);
            rows.add(row(e.getKey(), samples));
            for (SampleRecord s : samples) {
                done++;
                if (s.truncated()) truncated++;
                if (s.voteKey() == null && s.extracted() == null) noAnswer++;
                verdicts.merge(s.verdict().wire(), 1, Integer::sum);
                completionTokens.add((double) s.completionTokens());
                promptTokens.add((double) s.promptTokens());
                if (s.timings() != null) {
                    ttft.add(s.timings().ttftMs());
                    e2e.add(s.timings().e2eMs());
                    if (s.timings().tpotMs() != null) tpot.add(s.timings().tpotMs());
                    if (s.timings().ttftAnswerMs() != null) ttftAnswer.add(s.timings().ttftAnswerMs());
                    if (s.timings().itlMs() != null && s.timings().itlMs().count() > 0) itlMean.add(s.timings().itlMs().mean());
                }
            }
        }
        verdicts.putAll(awaiting); // sandbox_error (the grader failed), ungraded (grading deferred)
        int expected = problemIds.size() * k;
        Summary.Counts counts = new Summary.Counts(problemIds.size(), scored.size(), k, expected, done,
                expected - done, done == expected, truncated, noAnswer, ungraded, outside);
        List<Integer> declared = declaredKs(run);
        return new Summary(run, counts, passAt1(rows), passAtK(scored, declared), consAtK(scored, declared), verdicts,
                distributions("prompt", promptTokens, "completion", completionTokens),
                distributions("ttft", ttft, "e2e", e2e, "tpot", tpot, "ttft_answer", ttftAnswer, "itl_mean", itlMean), rows, DEFINITIONS);
    }

    private static Summary.ProblemRow row(String problemId, List<SampleRecord> samples) {
        int correct = 0, truncated = 0;
        long tokens = 0;
        Map<String, Integer> answers = new TreeMap<>();
        List<String> keys = new ArrayList<>();
        for (SampleRecord s : samples) {
            if (s.verdict() == Verdict.CORRECT) correct++;
            if (s.truncated()) truncated++;
            tokens += s.completionTokens();
            keys.add(s.voteKey());
            if (s.voteKey() != null) answers.merge(s.voteKey(), 1, Integer::sum);
        }
        var winner = MajorityVote.vote(keys);
        String majority = winner.map(MajorityVote.Winner::key).orElse(null);
        boolean majorityCorrect = winner.map(w -> samples.get(w.firstIndex()).verdict() == Verdict.CORRECT).orElse(false);
        return new Summary.ProblemRow(problemId, samples.size(), correct, (double) correct / samples.size(), majority,
                majorityCorrect, answers, (double) tokens / samples.size(), truncated);
    }

    private static Summary.Score passAt1(List<Summary.ProblemRow> rows) {
        if (rows.isEmpty()) return null;
        double[] rates = rows.stream().mapToDouble(Summary.ProblemRow::passAt1).toArray();
        double mean = 0;
        for (double r : rates) mean += r;
        mean /= rates.length;
        Bootstrap.Interval ci = Bootstrap.meanCi(rates, Bootstrap.DEFAULT_LEVEL, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
        return new Summary.Score(mean, ci.low(), ci.high(), Bootstrap.DEFAULT_LEVEL, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
    }

    /** pass@k for every reported k up to the smallest sample count among scored problems. */
    private static List<Summary.AtK> passAtK(List<List<SampleRecord>> scored, List<Integer> declared) {
        if (scored.isEmpty()) return List.of();
        int minN = scored.stream().mapToInt(List::size).min().orElseThrow();
        List<Summary.AtK> out = new ArrayList<>();
        for (int k : ks(minN, declared)) {
            double sum = 0;
            for (List<SampleRecord> s : scored) {
                int c = (int) s.stream().filter(r -> r.verdict() == Verdict.CORRECT).count();
                sum += PassAtK.estimate(s.size(), c, k);
            }
            out.add(new Summary.AtK(k, sum / scored.size()));
        }
        return out;
    }

    /** cons@k: majority vote over each problem's first k samples; no answer at all counts as wrong. */
    private static List<Summary.AtK> consAtK(List<List<SampleRecord>> scored, List<Integer> declared) {
        if (scored.isEmpty()) return List.of();
        int minN = scored.stream().mapToInt(List::size).min().orElseThrow();
        List<Summary.AtK> out = new ArrayList<>();
        for (int k : ks(minN, declared)) {
            int solved = 0;
            for (List<SampleRecord> s : scored) {
                List<SampleRecord> firstK = s.subList(0, k);
                var winner = MajorityVote.vote(firstK.stream().map(SampleRecord::voteKey).toList());
                if (winner.isPresent() && firstK.get(winner.get().firstIndex()).verdict() == Verdict.CORRECT) solved++;
            }
            out.add(new Summary.AtK(k, (double) solved / scored.size()));
        }
        return out;
    }

    /** The reported ks (powers of two and n), plus any k the suite's protocol names ("pass@10") that the samples allow. */
    private static List<Integer> ks(int minN, List<Integer> declared) {
        java.util.TreeSet<Integer> ks = new java.util.TreeSet<>(PassAtK.reportedKs(minN));
        for (int k : declared) if (k <= minN) ks.add(k);
        return List.copyOf(ks);
    }

    /** The ks of the metrics the run's suite declares (run.json config.metrics: "pass@10", "cons@64"). */
    private static List<Integer> declaredKs(Map<String, Object> run) {
        List<Integer> out = new ArrayList<>();
        if (run != null && run.get("metrics") instanceof List<?> metrics) {
            for (Object m : metrics) MetricName.parse(String.valueOf(m)).ifPresent(n -> out.add(n.k()));
        }
        return out;
    }

    private static Map<String, Distribution> distributions(Object... nameAndValues) {
        Map<String, Distribution> out = new TreeMap<>();
        for (int i = 0; i < nameAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Double> values = (List<Double>) nameAndValues[i + 1];
            if (!values.isEmpty()) out.put((String) nameAndValues[i], Distribution.of(values.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    private static Map<String, String> definitions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("pass_at_1", "mean over problems of (correct samples / samples), as in the DeepSeek-R1 report; "
                + "the interval is a 95% percentile bootstrap over problems (fixed seed)");
        d.put("pass_at_k", "unbiased estimator of Chen et al. 2021, 1 - C(n-c,k)/C(n,k) per problem, averaged");
        d.put("cons_at_k", "majority vote over the extracted answers of each problem's first k samples (by sample index); "
                + "ties go to the answer seen first; a problem with no answer counts as wrong");
        d.put("latency_ms", "per request, as the engine measured it: ttft = time to first token, e2e = whole request, "
                + "tpot = (e2e - ttft) / (output tokens - 1); streaming engines add ttft_answer (time to the first answer token,"
                + " after the reasoning) and itl_mean (each request's mean gap between streamed tokens)");
        d.put("tokens", "prompt and completion tokens per sample as the engine counted them (completion includes reasoning)");
        return d;
    }
}
