package sputnik.reports.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sputnik.harness.metrics.Bootstrap;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReport;

/**
 * EvalPlus's two numbers side by side, for a run whose grades carry a base result ({@code detail.base},
 * the humaneval-plus and mbpp-plus graders): pass@1 on the original dataset's tests ("humaneval (base
 * tests)") and on those and EvalPlus's extra tests ("humaneval+ (base + extra tests)", the verdict),
 * labelled as EvalPlus's evaluator prints them, each with its 95% bootstrap interval over problems as
 * the headline's. A sample graded without a base result (no program in the response) failed both.
 */
public final class BasePlusScores {
    public record Score(String label, int problems, @JsonProperty("pass_at_1") double passAt1,
            @JsonProperty("pass_at_1_ci_low") double ciLow, @JsonProperty("pass_at_1_ci_high") double ciHigh) {}

    private BasePlusScores() {}

    /** The base and the plus score, or none when no scored sample has a base result. */
    public static List<Score> of(RunReport r) {
        List<SampleRecord> samples = r.scoredSamples();
        if (samples.stream().noneMatch(s -> s.detail() != null && s.detail().containsKey("base"))) return List.of();
        Map<String, int[]> byProblem = new LinkedHashMap<>(); // samples, base correct, plus correct
        for (SampleRecord s : samples) {
            int[] n = byProblem.computeIfAbsent(s.problemId(), k -> new int[3]);
            n[0]++;
            if (s.detail() != null && "correct".equals(s.detail().get("base"))) n[1]++;
            if (s.verdict().correct()) n[2]++;
        }
        String dataset = dataset(String.valueOf(r.manifest().config().get("suite")));
        return List.of(score(dataset + " (base tests)", byProblem, 1), score(dataset + "+ (base + extra tests)", byProblem, 2));
    }

    /** EvalPlus names the dataset without its "+": humaneval-plus is "humaneval". */
    static String dataset(String suite) {
        return suite.endsWith("-plus") ? suite.substring(0, suite.length() - "-plus".length()) : suite;
    }

    private static Score score(String label, Map<String, int[]> byProblem, int column) {
        List<Double> rates = new ArrayList<>();
        for (int[] n : byProblem.values()) rates.add((double) n[column] / n[0]);
        double[] v = rates.stream().mapToDouble(Double::doubleValue).toArray();
        Bootstrap.Interval ci = Bootstrap.meanCi(v, Bootstrap.DEFAULT_LEVEL, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
        return new Score(label, v.length, java.util.Arrays.stream(v).average().orElse(0), ci.low(), ci.high());
    }
}
