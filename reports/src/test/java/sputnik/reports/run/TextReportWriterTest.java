package sputnik.reports.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Timings;
import sputnik.harness.api.Verdict;
import sputnik.harness.metrics.RunScorer;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;

class TextReportWriterTest {

    private static final String NOTE = "answers come from a recorded file, not a live model; timings are the simulated delay";

    private static Map<String, Object> config(boolean withNote) {
        Map<String, Object> sampling = new LinkedHashMap<>();
        sampling.put("temperature", 0.6);
        sampling.put("top_p", 0.95);
        sampling.put("top_k", 0);
        sampling.put("max_tokens", 4096);
        sampling.put("stop", List.of());
        Map<String, Object> engineConfig = new LinkedHashMap<>();
        if (withNote) engineConfig.put("note", NOTE);
        engineConfig.put("responses_file", "arith.jsonl");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("suite", "arith");
        c.put("suite_version", "1");
        c.put("prompt_template", "arith-v1");
        c.put("grader", "integer");
        c.put("dataset_sha256", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        c.put("engine", "replay");
        c.put("engine_config", engineConfig);
        c.put("model", "replay:arith.jsonl");
        c.put("sampling", sampling);
        c.put("seed", 1234);
        return c;
    }

    /**
     * A finished sample: 100 prompt and 50 completion tokens, ttft 10 ms, e2e 110 ms. Built here rather than with the
     * harness test fixtures so that this module's tests do not depend on which harness test-jar is installed.
     */
    private static SampleRecord sample(String problem, int index, Verdict verdict, String answer, FinishReason finish) {
        return new SampleRecord("arith:" + problem + "#" + index, "arith", problem, index, 1, "0".repeat(64),
                "The answer is " + answer, null, finish, 100, 50, Timings.of(10, 110, 50), verdict, answer, answer, Map.of(),
                "2025-01-01T00:00:00Z");
    }

    private static SampleRecord correct(String problem, int index, String answer) {
        return sample(problem, index, Verdict.CORRECT, answer, FinishReason.STOP);
    }

    private static SampleRecord wrong(String problem, int index, String answer) {
        return sample(problem, index, Verdict.INCORRECT, answer, FinishReason.STOP);
    }

    private static SampleRecord noAnswer(String problem, int index) {
        return sample(problem, index, Verdict.INCORRECT, null, FinishReason.STOP);
    }

    private static String render(Map<String, Object> config, List<String> problems, int k, List<SampleRecord> records) {
        RunManifest manifest = new RunManifest("0.1.0", config, new RunManifest.Scope(k, null, problems),
                Map.of("java", "25"), List.of(new RunManifest.Session("2025-01-01T00:00:00Z", null, "complete", records.size(), 0, 1.5)));
        Summary summary = RunScorer.score(manifest.config(), problems, k, records);
        return render(new RunReport(Path.of("runs", "demo"), manifest, summary, List.of(), List.of()));
    }

    private static String render(RunReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new TextReportWriter().write(report, out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** p1: 4/4 correct ("4"); p2: 2/4 ("7" twice wrong first, so the majority is wrong); p3: 0/4, no answers. */
    private static List<SampleRecord> threeProblems() {
        return List.of(
                correct("p1", 0, "4"),
                correct("p1", 1, "4"),
                correct("p1", 2, "4"),
                correct("p1", 3, "4"),
                wrong("p2", 0, "7"),
                correct("p2", 1, "6"),
                wrong("p2", 2, "7"),
                sample("p2", 3, Verdict.CORRECT, "6", FinishReason.LENGTH),
                noAnswer("p3", 0),
                noAnswer("p3", 1),
                noAnswer("p3", 2),
                noAnswer("p3", 3));
    }

    private static String threeProblemReport() {
        return render(config(true), List.of("p1", "p2", "p3"), 4, threeProblems());
    }

    /** n problems with 1 sample each; problem i is correct unless i is a multiple of 5. */
    private static List<SampleRecord> oneSampleEach(int n) {
        List<SampleRecord> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(i % 5 == 0 ? wrong(problem(i), 0, "0") : correct(problem(i), 0, "1"));
        }
        return r;
    }

    private static String problem(int i) {
        return String.format(Locale.ROOT, "arith-%03d", i);
    }

    private static List<String> problems(int n) {
        return IntStream.range(0, n).mapToObj(TextReportWriterTest::problem).toList();
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    @Test
    void headerNamesTheRunSuiteEngineAndSampling() {
        String text = threeProblemReport();

        assertThat(text).startsWith("Sputnik run " + Path.of("runs", "demo") + "\n");
        assertThat(text).contains("  suite     arith v1, prompt arith-v1, grader integer, dataset sha256 0123456789ab…\n");
        assertThat(text).contains("  engine    replay, model replay:arith.jsonl\n");
        assertThat(text).contains("  sampling  temperature 0.6, top_p 0.95, top_k 0, max_tokens 4096, run seed 1234\n");
    }

    @Test
    void stopSequencesAreShownWhenThereAreAny() {
        Map<String, Object> c = config(true);
        @SuppressWarnings("unchecked")
        Map<String, Object> sampling = (Map<String, Object>) c.get("sampling");
        sampling.put("stop", List.of("</answer>"));

        assertThat(render(c, List.of("p1"), 1, List.of(correct("p1", 0, "4"))))
                .contains("max_tokens 4096, stop [</answer>], run seed 1234\n");
    }

    @Test
    void engineConfigNoteIsShownWhenPresent() {
        assertThat(threeProblemReport()).contains("  note      " + NOTE + "\n");
    }

    @Test
    void noNoteLineWithoutAnEngineConfigNote() {
        String text = render(config(false), List.of("p1", "p2", "p3"), 4, threeProblems());

        assertThat(text).doesNotContain("  note ");
    }

    @Test
    void passAt1IsShownAsAPercentageWithItsInterval() {
        // Per-problem rates 1, 0.5, 0: an all-zero resample has probability 1/27 > 2.5%, an all-one one too,
        // so the 95% interval spans 0% to 100%.
        assertThat(threeProblemReport()).contains("  pass@1    50.0%   (95% CI 0.0% to 100.0%, over 3 problems)\n");
    }

    @Test
    void intervalBoundsAreTheSummarysRoundedToOneDecimal() {
        List<String> scope = problems(41);
        Summary s = RunScorer.score(config(true), scope, 1, oneSampleEach(41));

        assertThat(render(config(true), scope, 1, oneSampleEach(41))).contains("  pass@1    " + pct(s.passAt1().value())
                + "   (95% CI " + pct(s.passAt1().ciLow()) + " to " + pct(s.passAt1().ciHigh()) + ", over 41 problems)\n");
        assertThat(s.passAt1().ciLow()).isLessThan(s.passAt1().value());
        assertThat(s.passAt1().ciHigh()).isGreaterThan(s.passAt1().value());
    }

    @Test
    void unanimousRunHasADegenerateInterval() {
        String text = render(config(true), List.of("p1"), 2,
                List.of(correct("p1", 0, "4"), correct("p1", 1, "4")));

        assertThat(text).contains("  pass@1    100.0%   (95% CI 100.0% to 100.0%, over 1 problem)\n");
    }

    @Test
    void passAtKAndConsAtKListEveryK() {
        // pass@2 = (1 + 5/6 + 0) / 3 = 61.1%; cons@k: only p1's majority is right (p2: "7" ties and comes first at k=4).
        String text = threeProblemReport();

        assertThat(text).contains("  pass@k    k=1 50.0%  k=2 61.1%  k=4 66.7%\n");
        assertThat(text).contains("  cons@k    k=1 33.3%  k=2 33.3%  k=4 33.3%\n");
    }

    @Test
    void verdictsTruncatedAndNoAnswerAreCounted() {
        assertThat(threeProblemReport()).contains("  verdicts  correct 6, incorrect 6; truncated 1, no answer 4\n");
    }

    @Test
    void completeRunSaysComplete() {
        assertThat(threeProblemReport()).contains("  samples   12 of 12 (3 problems x 4), complete\n").doesNotContain("INCOMPLETE");
    }

    @Test
    void missingSamplesMakeTheRunIncomplete() {
        List<SampleRecord> partial = threeProblems().subList(0, 9);

        String text = render(config(true), List.of("p1", "p2", "p3"), 4, partial);

        assertThat(text).contains("  samples   9 of 12 (3 problems x 4), INCOMPLETE: 3 missing (run the same command again)\n");
    }

    @Test
    void perProblemTableListsEveryProblemWithItsMajority() {
        String text = threeProblemReport();

        assertThat(text).containsPattern("\\n  problem\\s+correct\\s+pass@1\\s+majority\\s+tokens\\s+truncated\\n");
        assertThat(text).containsPattern("\\n  p1\\s+4/4\\s+100\\.0%\\s+4 ok\\s+50\\s*\\n");
        assertThat(text).containsPattern("\\n  p2\\s+2/4\\s+50\\.0%\\s+7 x\\s+50\\s+1\\n");
        assertThat(text).containsPattern("\\n  p3\\s+0/4\\s+0\\.0%\\s+-\\s+50\\s*\\n");
        assertThat(text).doesNotContain("weakest");
    }

    @Test
    void longMajorityAnswersAreAbbreviated() {
        String text = render(config(true), List.of("p1"), 1, List.of(correct("p1", 0, "123456789012345")));

        assertThat(text).contains("12345678901… ok").doesNotContain("123456789012345");
    }

    @Test
    void fortyProblemsAreAllListed() {
        String text = render(config(true), problems(40), 1, oneSampleEach(40));

        assertThat(text).doesNotContain("weakest");
        for (String p : problems(40)) assertThat(text).contains("\n  " + p + " ");
    }

    @Test
    void moreThanFortyProblemsListOnlyTheWeakest() {
        String text = render(config(true), problems(41), 1, oneSampleEach(41));

        assertThat(text).contains("  The 10 weakest of 41 problems (all of them: summary.json, per_problem):\n");
        // The 9 wrong problems (0, 5, ..., 40) come first, then the first correct one in scope order.
        List<String> shown = problems(41).stream().filter(p -> text.contains("\n  " + p + " ")).toList();
        assertThat(shown).containsExactly("arith-000", "arith-001", "arith-005", "arith-010", "arith-015", "arith-020",
                "arith-025", "arith-030", "arith-035", "arith-040");
        assertThat(text.indexOf("arith-000 ")).isLessThan(text.indexOf("arith-040 "));
        assertThat(text.indexOf("arith-040 ")).isLessThan(text.indexOf("arith-001 "));
    }

    @Test
    void explainsWhatTheNumbersMean() {
        String text = threeProblemReport();

        assertThat(text).contains("\nWhat the numbers mean:\n");
        assertThat(text).contains("  pass@1   the mean over problems of (correct samples / samples)");
        assertThat(text).contains("  pass@k   the chance that at least one of k samples is correct");
        assertThat(text).contains("  cons@k   accuracy of the majority answer among each problem's first k samples.");
        assertThat(text).contains("  latency  per request as the engine measured it");
        assertThat(text.indexOf("What the numbers mean:")).isGreaterThan(text.indexOf("  pass@1 "));
    }

    @Test
    void distributionsOfTokensAndLatencyAreShown() {
        String text = threeProblemReport();

        assertThat(text).contains("  tokens    completion mean 50, p50 50, p90 50, p99 50, max 50\n");
        assertThat(text).contains("            prompt     mean 100, p50 100, p90 100, p99 100, max 100\n");
        assertThat(text).contains("  latency   ttft ms    mean 10, p50 10, p90 10, p99 10, max 10\n");
        assertThat(text).contains("            e2e ms     mean 110, p50 110, p90 110, p99 110, max 110\n");
        // (110 - 10) / (50 - 1) = 2.04...
        assertThat(text).contains("            tpot ms    mean 2.0, p50 2.0, p90 2.0, p99 2.0, max 2.0\n");
    }

    @Test
    void runWithoutFinishedSamplesSaysSoAndStops() {
        String text = render(config(true), List.of("p1", "p2"), 4, List.of());

        assertThat(text).contains("  samples   0 of 8 (2 problems x 4), INCOMPLETE: 8 missing (run the same command again)\n");
        assertThat(text).contains("  no finished samples yet\n");
        assertThat(text).doesNotContain("pass@1").doesNotContain("What the numbers mean");
    }

    @Test
    void numbersDoNotFollowTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            String text = threeProblemReport();
            assertThat(text).contains("  pass@1    50.0%").contains("k=2 61.1%").contains("mean 2.0,");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void isInstalledAsTheTextFormat() {
        assertThat(ServiceLoader.load(ReportWriter.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(w -> {
                    assertThat(w).isInstanceOf(TextReportWriter.class);
                    assertThat(w.name()).isEqualTo("text");
                });
    }
}
