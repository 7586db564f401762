package sputnik.reports.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Timings;
import sputnik.harness.api.Verdict;
import sputnik.harness.metrics.RunScorer;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;
import sputnik.harness.util.Json;

/** EvalPlus's base and plus pass@1, side by side in every report format, for runs whose grades carry a base result. */
class BasePlusScoresTest {
    /**
     * Four problems, two samples each: p0 right on both; p1 right on the base tests only; p2 one sample
     * right on both, one on neither; p3 wrong on both. Base pass@1 = (1 + 1 + 0.5 + 0) / 4, plus = (1 + 0 + 0.5 + 0) / 4.
     */
    private static RunReport run(String suite, boolean withBase) {
        String[][] grades = {{"correct/correct", "correct/correct"}, {"correct/incorrect", "correct/incorrect"},
                {"correct/correct", "incorrect/incorrect"}, {"incorrect/incorrect", "runtime_error/runtime_error"}};
        List<SampleRecord> samples = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < grades.length; p++) {
            ids.add("Task/" + p);
            for (int i = 0; i < 2; i++) {
                String[] g = grades[p][i].split("/");
                Map<String, Object> detail = new LinkedHashMap<>(Map.of("rule", "fenced"));
                if (withBase) detail.put("base", g[0]);
                samples.add(new SampleRecord(suite + ":Task/" + p + "#" + i, suite, "Task/" + p, i, i, "h", "code", null, FinishReason.STOP, 10, 20,
                        Timings.of(5, 25, 1), Verdict.parse(g[1]), "code", "k" + p + i, detail, "t"));
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("suite", suite);
        config.put("suite_version", "1");
        config.put("dataset_sha256", "abc");
        config.put("prompt_template", "chat");
        config.put("grader", suite);
        config.put("engine", "replay");
        config.put("model", "m");
        RunManifest m = new RunManifest("test", config, new RunManifest.Scope(2, null, ids), Map.of(),
                List.of(new RunManifest.Session("a", "b", "complete", samples.size(), 0, 1.0)));
        return new RunReport(Path.of("runs", "plus"), m, RunScorer.score(config, ids, 2, samples), samples, List.of());
    }

    private static String written(ReportWriter w, RunReport r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(r, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void basePassAt1CountsTheBaseResultsAndPlusTheVerdicts() {
        List<BasePlusScores.Score> s = BasePlusScores.of(run("humaneval-plus", true));
        assertThat(s).extracting(BasePlusScores.Score::label).containsExactly("humaneval (base tests)", "humaneval+ (base + extra tests)");
        assertThat(s.get(0).passAt1()).isEqualTo(0.625);
        assertThat(s.get(1).passAt1()).isEqualTo(0.375);
        assertThat(s).allSatisfy(sc -> assertThat(sc.problems()).isEqualTo(4));
        assertThat(s.get(0).ciLow()).isLessThanOrEqualTo(0.625);
        assertThat(s.get(0).ciHigh()).isGreaterThanOrEqualTo(0.625);
    }

    @Test
    void thePlusScoreIsTheRunsHeadline() {
        RunReport r = run("mbpp-plus", true);
        BasePlusScores.Score plus = BasePlusScores.of(r).get(1);
        assertThat(plus.label()).isEqualTo("mbpp+ (base + extra tests)");
        assertThat(plus.passAt1()).isEqualTo(r.summary().passAt1().value());
        assertThat(plus.ciLow()).isEqualTo(r.summary().passAt1().ciLow());
        assertThat(plus.ciHigh()).isEqualTo(r.summary().passAt1().ciHigh());
    }

    @Test
    void everyFormatShowsBothNumbers() throws Exception {
        RunReport r = run("humaneval-plus", true);
        assertThat(written(new TextReportWriter(), r)).contains("EvalPlus  humaneval (base tests)", "62.5%", "humaneval+ (base + extra tests)",
                "37.5%");
        assertThat(written(new MarkdownReportWriter(), r)).contains("| EvalPlus | problems | pass@1 | 95% CI |", "| humaneval (base tests) | 4 | 62.5%",
                "| humaneval+ (base + extra tests) | 4 | 37.5%");
        assertThat(written(new HtmlReportWriter(), r)).contains("humaneval (base tests)", "humaneval+ (base + extra tests)");
        var json = Json.MAPPER.readTree(written(new JsonReportWriter(), r));
        assertThat(json.path("evalplus")).hasSize(2);
        assertThat(json.path("evalplus").path(0).path("label").asText()).isEqualTo("humaneval (base tests)");
        assertThat(json.path("evalplus").path(0).path("pass_at_1").asDouble()).isEqualTo(0.625);
    }

    @Test
    void aRunWithoutBaseResultsHasNoEvalPlusSection() throws Exception {
        RunReport r = run("humaneval", false);
        assertThat(BasePlusScores.of(r)).isEmpty();
        assertThat(written(new TextReportWriter(), r)).doesNotContain("EvalPlus");
        assertThat(Json.MAPPER.readTree(written(new JsonReportWriter(), r)).has("evalplus")).isFalse();
    }
}
