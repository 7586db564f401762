package sputnik.harness.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Engine;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Sampling;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteDefaults;
import sputnik.harness.api.Verdict;
import sputnik.harness.run.RunPlan;

/** A tiny in-memory suite ("p0".."pN", answer = the index as text) and an exact-match grader. */
public final class Fixtures {
    private Fixtures() {}

    public static Suite suite(int problems) {
        List<Problem> list = new ArrayList<>();
        for (int i = 0; i < problems; i++) list.add(new Problem("p" + i, Prompt.user("What is " + i + "?"), String.valueOf(i), Map.of()));
        return new Suite("fixture", "1", "0".repeat(64), "chat", "exact", new SuiteDefaults(0.6, 0.95, 0, 64, 4), list);
    }

    /** Correct when the response, trimmed, equals the reference answer; the response is the vote key. */
    public static final Grader EXACT = new Grader() {
        @Override
        public String name() {
            return "exact";
        }

        @Override
        public String description() {
            return "exact match";
        }

        @Override
        public Grade grade(Problem p, Completion c) {
            String a = c.text().trim();
            return new Grade(a.equals(p.answer()) ? Verdict.CORRECT : Verdict.INCORRECT, a, a.isEmpty() ? null : a, Map.of("rule", "exact"));
        }
    };

    public static RunPlan plan(Suite suite, Engine engine, int samples, int concurrency, Path out, double temperature) {
        Sampling s = new Sampling(temperature, 0.95, 0, 64, 7, List.of());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("suite", suite.name());
        config.put("suite_version", suite.version());
        config.put("dataset_sha256", suite.datasetSha256());
        config.put("grader", EXACT.name());
        config.put("engine", "scripted");
        config.put("model", engine.model());
        config.put("sampling", Map.of("temperature", temperature, "top_p", 0.95));
        config.put("seed", 7);
        return new RunPlan(suite, suite.problems(), null, EXACT, engine, s, samples, concurrency, Duration.ofSeconds(5), out, false,
                config, Map.of("sputnik_version", "test"));
    }
}
