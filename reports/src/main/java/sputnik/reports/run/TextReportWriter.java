package sputnik.reports.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import sputnik.harness.metrics.Distribution;
import sputnik.harness.metrics.Summary;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;
import sputnik.reports.claims.Claim;
import sputnik.reports.claims.ClaimCheck;
import sputnik.reports.claims.ClaimNotes;
import sputnik.reports.format.Percent;

/**
 * The terminal view of a run: what ran, the headline scores with their interval, the distributions,
 * a per-problem table, and in plain words what each number means.
 */
public final class TextReportWriter implements ReportWriter {
    /** Above this many problems only the weakest are listed (the full table is in summary.json). */
    static final int FULL_TABLE_MAX = 40;

    static final int WEAKEST_SHOWN = 10;

    @Override
    public String name() {
        return "text";
    }

    @Override
    public String description() {
        return "a table for the terminal, with what each number means";
    }

    @Override
    public void write(RunReport report, OutputStream stream) {
        PrintStream out = new PrintStream(stream, true, StandardCharsets.UTF_8);
        print(report, out);
        out.flush();
    }

    private void print(RunReport report, PrintStream out) {
        Summary s = report.summary();
        Map<String, Object> c = s.run();
        Summary.Counts n = s.counts();
        out.println("Sputnik run " + report.dir());
        out.printf("  suite     %s v%s, prompt %s, grader %s, dataset sha256 %s%n", c.get("suite"), c.get("suite_version"),
                c.get("prompt_template"), c.get("grader"), shortHash(c.get("dataset_sha256")));
        out.printf("  engine    %s, model %s%n", c.get("engine"), c.get("model"));
        if (c.get("engine_config") instanceof Map<?, ?> ec && ec.get("note") != null) out.printf("  note      %s%n", ec.get("note"));
        out.printf("  sampling  %s, run seed %s%n", sampling(c.get("sampling")), c.get("seed"));
        out.printf("  samples   %d of %d (%d problems x %d)%s%n", n.samplesDone(), n.samplesExpected(), n.problems(), n.samplesPerProblem(),
                n.complete() ? ", complete" : ", INCOMPLETE: " + n.samplesMissing() + " missing (run the same command again)");
        for (String note : GradingNotes.of(c, s)) out.println("  WARNING   " + note);
        out.println();
        if (s.passAt1() == null) {
            out.println("  no finished samples yet");
            return;
        }
        Summary.Score p = s.passAt1();
        out.printf("  pass@1    %s   (%.0f%% CI %s to %s, over %d problem%s)%n", Percent.of(p.value()), 100 * p.level(),
                Percent.of(p.ciLow()), Percent.of(p.ciHigh()), n.problemsScored(), n.problemsScored() == 1 ? "" : "s");
        for (BasePlusScores.Score sc : BasePlusScores.of(report)) {
            out.printf("  EvalPlus  %-34s %6s   (%.0f%% CI %s to %s)%n", sc.label(), Percent.of(sc.passAt1()), 100 * p.level(),
                    Percent.of(sc.ciLow()), Percent.of(sc.ciHigh()));
        }
        out.printf("  pass@k    %s%n", atK(s.passAtK()));
        out.printf("  cons@k    %s%n", atK(s.consAtK()));
        if (c.get("metrics") instanceof List<?> metrics && !metrics.isEmpty()) out.printf("  protocol  %s%n", ProtocolMetrics.line(metrics, s));
        out.printf("  verdicts  %s; truncated %d, no answer %d%n",
                s.verdicts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                n.truncated(), n.noAnswer());
        ClaimNotes.Outcome claim = ClaimNotes.of(report);
        claim(claim, report, out);
        distribution("tokens", "completion", s.tokens().get("completion"), out);
        distribution("", "prompt", s.tokens().get("prompt"), out);
        distribution("latency", "ttft ms", s.latencyMs().get("ttft"), out);
        distribution("", "e2e ms", s.latencyMs().get("e2e"), out);
        distribution("", "tpot ms", s.latencyMs().get("tpot"), out);
        distribution("", "answer ms", s.latencyMs().get("ttft_answer"), out);
        distribution("", "itl ms", s.latencyMs().get("itl_mean"), out);
        out.println();
        for (Breakdowns.Breakdown bd : Breakdowns.of(report).breakdowns()) {
            out.println();
            out.println("  by " + bd.field() + " (pass@1, 95% CI over the group's problems):");
            for (Breakdowns.Group g : bd.groups()) {
                out.printf("    %-24s %4d problems  %6s  (%s to %s)%n", g.value(), g.problems(), Percent.of(g.passAt1()), Percent.of(g.ciLow()),
                        Percent.of(g.ciHigh()));
            }
        }
        problems(s.perProblem(), out);
        out.println();
        out.println("What the numbers mean:");
        out.println("  pass@1   the mean over problems of (correct samples / samples): DeepSeek-R1's protocol. The interval");
        out.println("           is a 95% bootstrap over problems: with few problems it is wide, and two runs whose");
        out.println("           intervals overlap may not really differ.");
        out.println("  pass@k   the chance that at least one of k samples is correct (unbiased estimator, Chen et al. 2021).");
        out.println("  cons@k   accuracy of the majority answer among each problem's first k samples.");
        if (claim.check() != null) {
            out.println("  claim    the published number, held against this run. The lab measured the same problems, so the");
            out.println("           interval here is sampling noise on them (Wilson, 95%): consistent = inside and at most");
            out.println("           5 points wide either side; above/below = outside; too few samples = inside a wider one.");
        }
        out.println("  latency  per request as the engine measured it: ttft = first token, e2e = whole request,");
        out.println("           tpot = time per output token after the first. Details: summary.json, samples.jsonl.");
        if (c.get("engine_config") instanceof Map<?, ?> ec && ec.get("recorded_set") != null) {
            out.println();
            out.println("Next: these are recorded responses. To measure a model yourself, on this machine or a server:");
            out.println("  ./sputnik run --suite " + c.get("suite") + " --engine builtin --model MODEL.gguf --samples 4 --limit 5");
            out.println("  ./sputnik run --suite " + c.get("suite") + " --engine openai --base-url http://localhost:8000/v1 --samples 64");
            out.println("  (see README: --engine builtin, --engine openai; 'sputnik recorded' lists the recorded sets,"
                    + " 'sputnik claims' the published numbers)");
        }
    }

    /** The published number the run is held against, what was measured, and the verdict in words. */
    private static void claim(ClaimNotes.Outcome o, RunReport report, PrintStream out) {
        if (o.problem() != null) {
            out.println("  claim     " + o.problem());
            return;
        }
        ClaimCheck c = o.check();
        if (c == null) return;
        Claim cl = c.claim();
        wrapped("claim", cl.model() + " on " + cl.suite() + ": " + cl.metric() + " " + Percent.of(cl.value() / 100) + " published"
                + (cl.samplesPerProblem() == null ? "" : " (" + cl.samplesPerProblem() + " samples per problem)") + "; " + cl.source()
                + ", " + cl.date(), out);
        wrapped("measured", Percent.of(c.measured()) + " over " + c.samples() + " sample" + (c.samples() == 1 ? "" : "s") + " ("
                + c.problems() + " problems x " + report.summary().counts().samplesPerProblem() + ")" + (c.complete() ? "" : ", INCOMPLETE run")
                + "; 95% interval " + Percent.of(c.low()) + " to " + Percent.of(c.high()) + " (sampling noise on these problems)", out);
        wrapped("verdict", c.sentence(), out);
    }

    /** A labelled line, wrapped at about 110 columns under its label. */
    private static void wrapped(String label, String text, PrintStream out) {
        int width = 110;
        StringBuilder line = new StringBuilder();
        String prefix = String.format("  %-8s  ", label);
        for (String word : text.split(" ")) {
            if (line.length() > 0 && prefix.length() + line.length() + 1 + word.length() > width) {
                out.println((prefix + line).stripTrailing());
                prefix = " ".repeat(prefix.length());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) out.println((prefix + line).stripTrailing());
    }

    private static void problems(List<Summary.ProblemRow> rows, PrintStream out) {
        List<Summary.ProblemRow> shown = rows;
        if (rows.size() > FULL_TABLE_MAX) {
            shown = new ArrayList<>(rows);
            shown.sort(Comparator.comparingDouble(Summary.ProblemRow::passAt1));
            shown = shown.subList(0, WEAKEST_SHOWN);
            out.printf("  The %d weakest of %d problems (all of them: summary.json, per_problem):%n", WEAKEST_SHOWN, rows.size());
        }
        int idWidth = Math.max(7, shown.stream().mapToInt(r -> r.problemId().length()).max().orElse(7));
        out.printf("  %-" + idWidth + "s  %7s  %6s  %-14s  %8s  %s%n", "problem", "correct", "pass@1", "majority", "tokens", "truncated");
        for (Summary.ProblemRow r : shown) {
            String majority = r.majority() == null ? "-" : abbreviate(r.majority(), 12) + (r.majorityCorrect() ? " ok" : " x");
            String row = String.format("  %-" + idWidth + "s  %3d/%-3d  %6s  %-14s  %8s  %s", r.problemId(), r.correct(), r.samples(),
                    Percent.of(r.passAt1()), majority, Percent.num(r.meanCompletionTokens()), r.truncated() > 0 ? r.truncated() : "");
            out.println(row.stripTrailing());
        }
    }

    private static void distribution(String label, String name, Distribution d, PrintStream out) {
        if (d == null) return;
        out.printf("  %-8s  %-10s mean %s, p50 %s, p90 %s, p99 %s, max %s%n", label, name, Percent.num(d.mean()), Percent.num(d.p50()),
                Percent.num(d.p90()), Percent.num(d.p99()), Percent.num(d.max()));
    }

    private static String atK(List<Summary.AtK> list) {
        return list.stream().map(a -> "k=" + a.k() + " " + Percent.of(a.value())).collect(Collectors.joining("  "));
    }

    private static String sampling(Object o) {
        if (!(o instanceof Map<?, ?> m)) return String.valueOf(o);
        return "temperature " + m.get("temperature") + ", top_p " + m.get("top_p") + ", top_k " + m.get("top_k") + ", max_tokens "
                + m.get("max_tokens") + (m.get("stop") instanceof List<?> l && !l.isEmpty() ? ", stop " + l : "");
    }

    private static String shortHash(Object h) {
        String s = String.valueOf(h);
        return s.length() > 12 ? s.substring(0, 12) + "…" : s;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
