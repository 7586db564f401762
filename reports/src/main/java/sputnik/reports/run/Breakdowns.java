package sputnik.reports.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import sputnik.harness.api.Problem;
import sputnik.harness.metrics.Bootstrap;
import sputnik.harness.metrics.Summary;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.report.RunReport;
import sputnik.reports.format.NaturalOrder;
import sputnik.reports.suite.SuiteData;
import sputnik.reports.windows.ReleaseWindows;

/**
 * pass@1 per group of problems that share a metadata value (MATH-500 by subject and by level,
 * LiveCodeBench by difficulty, platform and release month, AIME 2025 by contest), each with its 95%
 * bootstrap interval over the group's problems, as the headline's is over all of them. The metadata
 * comes from the suite's data on this machine (a run directory keeps only ids); a field is broken
 * down when it takes 2 to {@value #MAX_GROUPS} values; a date field (yyyy-mm-dd...) is grouped by month.
 */
public final class Breakdowns {
    static final int MAX_GROUPS = 24;

    public record Group(String value, int problems, @com.fasterxml.jackson.annotation.JsonProperty("pass_at_1") double passAt1,
            @com.fasterxml.jackson.annotation.JsonProperty("pass_at_1_ci_low") double ciLow,
            @com.fasterxml.jackson.annotation.JsonProperty("pass_at_1_ci_high") double ciHigh) {}

    public record Breakdown(String field, List<Group> groups) {}

    /** The breakdowns, or none and why (the suite's data is not on this machine). */
    public record Result(List<Breakdown> breakdowns, String unavailable) {}

    private Breakdowns() {}

    public static Result of(RunReport r) {
        var c = r.manifest().config();
        SuiteData.Loaded loaded = SuiteData.of(SuiteOptions.source(c), String.valueOf(c.get("prompt_template")),
                String.valueOf(c.get("dataset_sha256")));
        if (loaded.suite() == null) return new Result(List.of(), loaded.why());
        Map<String, Map<String, Object>> data = new HashMap<>();
        for (Problem p : loaded.suite().problems()) data.put(p.id(), p.data());
        return new Result(of(r.summary(), data, loaded.suite().breakdowns()), null);
    }

    /** From the scored problems' rows and each problem's metadata, by every field with 2 to 24 values. */
    static List<Breakdown> of(Summary s, Map<String, Map<String, Object>> data) {
        return of(s, data, null);
    }

    /** By {@code chosen} fields, as a suite file's {@code breakdowns} names them; null: every field with 2 to 24 values. */
    static List<Breakdown> of(Summary s, Map<String, Map<String, Object>> data, List<String> chosen) {
        Set<String> fields = new LinkedHashSet<>();
        for (Summary.ProblemRow row : s.perProblem()) {
            Map<String, Object> d = data.getOrDefault(row.problemId(), Map.of());
            for (var e : d.entrySet()) if (scalar(e.getValue())) fields.add(e.getKey());
        }
        if (chosen != null) {
            Set<String> present = fields;
            fields = new LinkedHashSet<>();
            for (String f : chosen) if (present.contains(f)) fields.add(f);
        }
        List<Breakdown> out = new ArrayList<>();
        for (String field : fields) {
            Map<String, List<Double>> byValue = new TreeMap<>(NaturalOrder.LABELS);
            boolean dates = true;
            for (Summary.ProblemRow row : s.perProblem()) {
                Object v = data.getOrDefault(row.problemId(), Map.of()).get(field);
                if (!scalar(v)) continue;
                if (ReleaseWindows.date(v) == null) dates = false;
            }
            for (Summary.ProblemRow row : s.perProblem()) {
                Object v = data.getOrDefault(row.problemId(), Map.of()).get(field);
                if (!scalar(v)) continue;
                String key = dates ? String.valueOf(v).substring(0, 7) : String.valueOf(v);
                byValue.computeIfAbsent(key, k -> new ArrayList<>()).add(row.passAt1());
            }
            if (byValue.size() < 2 || byValue.size() > MAX_GROUPS) continue;
            List<Group> groups = new ArrayList<>();
            for (var e : byValue.entrySet()) {
                double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                Bootstrap.Interval ci = Bootstrap.meanCi(v, Bootstrap.DEFAULT_LEVEL, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
                groups.add(new Group(e.getKey(), v.length, java.util.Arrays.stream(v).average().orElse(0), ci.low(), ci.high()));
            }
            out.add(new Breakdown(dates ? field + " (month)" : field, groups));
        }
        return out;
    }

    private static boolean scalar(Object v) {
        return v instanceof Number || v instanceof Boolean || (v instanceof String s && s.length() <= 64 && !s.contains("\n"));
    }
}
