package sputnik.reports.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import sputnik.harness.metrics.Distribution;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.ErrorRecord;
import sputnik.harness.report.RunReport;
import sputnik.reports.format.Format;

/** The tables of a run report, as rows of cells, shared by the Markdown and HTML writers. */
public final class ReportTables {
    public record Table(List<String> header, List<List<String>> rows) {}

    private ReportTables() {}

    public static Table headline(Summary s) {
        List<List<String>> rows = new ArrayList<>();
        Summary.Score p = s.passAt1();
        if (p != null) {
            rows.add(List.of("pass@1", Format.pct(p.value()), Format.pct(p.ciLow()) + " to " + Format.pct(p.ciHigh()),
                    "mean over " + s.counts().problemsScored() + " problems of correct/samples; 95% bootstrap over problems"));
        }
        for (Summary.AtK a : s.passAtK()) {
            if (a.k() > 1) rows.add(List.of("pass@" + a.k(), Format.pct(a.value()), "", "unbiased estimator (Chen et al. 2021)"));
        }
        for (Summary.AtK a : s.consAtK()) {
            rows.add(List.of("cons@" + a.k(), Format.pct(a.value()), "", "majority vote over the first " + a.k() + " samples"));
        }
        return new Table(List.of("metric", "value", "95% CI", "definition"), rows);
    }

    public static Table counts(Summary s) {
        Summary.Counts c = s.counts();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("samples", c.samplesDone() + " of " + c.samplesExpected() + " (" + c.problems() + " problems x " + c.samplesPerProblem() + ")"
                + (c.complete() ? "" : ", " + c.samplesMissing() + " MISSING")));
        rows.add(List.of("verdicts", s.verdicts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        rows.add(List.of("truncated", String.valueOf(c.truncated())));
        rows.add(List.of("no answer", String.valueOf(c.noAnswer())));
        return new Table(List.of("", ""), rows);
    }

    public static Table distributions(Summary s) {
        List<List<String>> rows = new ArrayList<>();
        add(rows, "completion tokens", s.tokens().get("completion"));
        add(rows, "prompt tokens", s.tokens().get("prompt"));
        add(rows, "TTFT ms", s.latencyMs().get("ttft"));
        add(rows, "TPOT ms", s.latencyMs().get("tpot"));
        add(rows, "end-to-end ms", s.latencyMs().get("e2e"));
        add(rows, "TTFT to answer ms", s.latencyMs().get("ttft_answer"));
        add(rows, "ITL ms (per-request mean)", s.latencyMs().get("itl_mean"));
        return new Table(List.of("", "mean", "p50", "p90", "p99", "max"), rows);
    }

    private static void add(List<List<String>> rows, String name, Distribution d) {
        if (d == null) return;
        rows.add(List.of(name, Format.num(d.mean()), Format.num(d.p50()), Format.num(d.p90()), Format.num(d.p99()), Format.num(d.max())));
    }

    public static Table problems(RunReport r) {
        List<List<String>> rows = new ArrayList<>();
        for (Summary.ProblemRow p : r.summary().perProblem()) {
            String answers = p.answers().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .map(e -> Format.abbreviate(e.getKey(), 24) + " x" + e.getValue()).collect(Collectors.joining(", "));
            rows.add(List.of(p.problemId(), p.correct() + "/" + p.samples(), Format.pct(p.passAt1()),
                    p.majority() == null ? "-" : Format.abbreviate(p.majority(), 24) + (p.majorityCorrect() ? " (correct)" : " (wrong)"),
                    answers, Format.num(p.meanCompletionTokens()), String.valueOf(p.truncated())));
        }
        return new Table(List.of("problem", "correct", "pass@1", "majority answer", "answers", "mean tokens", "truncated"), rows);
    }

    /** EvalPlus's base and plus pass@1 ({@link BasePlusScores}), a row each with its 95% interval. */
    public static Table basePlus(List<BasePlusScores.Score> scores) {
        List<List<String>> rows = new ArrayList<>();
        for (BasePlusScores.Score sc : scores) {
            rows.add(List.of(sc.label(), String.valueOf(sc.problems()), Format.pct(sc.passAt1()), Format.pct(sc.ciLow()) + " to " + Format.pct(sc.ciHigh())));
        }
        return new Table(List.of("EvalPlus", "problems", "pass@1", "95% CI"), rows);
    }

    /** One breakdown: a row per group with its problems, pass@1 and 95% interval. */
    public static Table breakdown(Breakdowns.Breakdown b) {
        List<List<String>> rows = new ArrayList<>();
        for (Breakdowns.Group g : b.groups()) {
            rows.add(List.of(g.value(), String.valueOf(g.problems()), Format.pct(g.passAt1()), Format.pct(g.ciLow()) + " to " + Format.pct(g.ciHigh())));
        }
        return new Table(List.of(b.field(), "problems", "pass@1", "95% CI"), rows);
    }

    /** Failed requests whose samples are still missing: the ones a reader must know about. */
    public static Table errors(RunReport r) {
        java.util.Set<String> done = new java.util.HashSet<>();
        r.samples().forEach(s -> done.add(s.sampleId()));
        List<List<String>> rows = new ArrayList<>();
        for (ErrorRecord e : r.errors()) {
            if (!done.contains(e.sampleId())) rows.add(List.of(e.sampleId(), e.at(), Format.abbreviate(e.error(), 160)));
        }
        return new Table(List.of("sample", "at", "error"), rows);
    }
}
