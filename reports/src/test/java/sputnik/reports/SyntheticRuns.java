package sputnik.reports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Timings;
import sputnik.harness.api.Verdict;
import sputnik.harness.metrics.RunScorer;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReport;

/** Runs made in memory: problem i is solved by each sample with probability rates[i]. */
public final class SyntheticRuns {
    private SyntheticRuns() {}

    public static RunReport run(String name, double[] rates, int k, long seed) {
        return run(name, rates, k, seed, "model-" + name, 10.0);
    }

    public static RunReport run(String name, double[] rates, int k, long seed, String model, double wallSeconds) {
        return run(name, rates, k, seed, model, wallSeconds, "toy");
    }

    public static RunReport run(String name, double[] rates, int k, long seed, String model, double wallSeconds, String suite) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<SampleRecord> samples = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < rates.length; p++) {
            String pid = "p" + p;
            ids.add(pid);
            for (int i = 0; i < k; i++) {
                boolean ok = rnd.nextDouble() < rates[p];
                String answer = ok ? "right" : "wrong" + rnd.nextInt(3);
                samples.add(new SampleRecord(suite + ":" + pid + "#" + i, suite, pid, i, i, "h", answer, null, FinishReason.STOP, 100, 1000,
                        Timings.of(50, 1050, 1000), ok ? Verdict.CORRECT : Verdict.INCORRECT, answer, answer, Map.of("rule", "boxed"), "t"));
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("suite", suite);
        config.put("suite_version", "1");
        config.put("dataset_sha256", "abc");
        config.put("prompt_template", "r1");
        config.put("grader", "exact");
        config.put("engine", "replay");
        config.put("model", model);
        RunManifest m = new RunManifest("test", config, new RunManifest.Scope(k, null, ids), Map.of(),
                List.of(new RunManifest.Session("a", "b", "complete", samples.size(), 0, wallSeconds)));
        return new RunReport(Path.of("runs", name), m, RunScorer.score(config, ids, k, samples), samples, List.of());
    }

    /** The run as if stopped after its first {@code problems} problems: the same plan (run.json's scope), fewer samples. */
    public static RunReport interrupted(RunReport r, int problems) {
        List<String> done = r.manifest().scope().problemIds().subList(0, problems);
        return withSamples(r, r.samples().stream().filter(s -> done.contains(s.problemId())).toList());
    }

    /** The run as if stopped after the first {@code samples} samples of every problem. */
    public static RunReport firstSamples(RunReport r, int samples) {
        return withSamples(r, r.samples().stream().filter(s -> s.sampleIndex() < samples).toList());
    }

    /** The run narrowed to its first {@code problems} problems (run again with a smaller --limit): every sample stays in samples.jsonl. */
    public static RunReport narrowed(RunReport r, int problems) {
        var scope = r.manifest().scope();
        var narrow = new RunManifest.Scope(scope.samplesPerProblem(), problems, scope.problemIds().subList(0, problems));
        var m = r.manifest().withScope(narrow);
        return new RunReport(r.dir(), m, RunScorer.score(m.config(), narrow.problemIds(), narrow.samplesPerProblem(), r.samples()), r.samples(),
                List.of());
    }

    private static RunReport withSamples(RunReport r, List<SampleRecord> samples) {
        var scope = r.manifest().scope();
        return new RunReport(r.dir(), r.manifest(), RunScorer.score(r.manifest().config(), scope.problemIds(), scope.samplesPerProblem(), samples),
                samples, List.of());
    }

    public static double[] rates(int problems, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] r = new double[problems];
        for (int i = 0; i < problems; i++) r[i] = 0.1 + 0.8 * rnd.nextDouble();
        return r;
    }
}
