package sputnik.harness.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.api.UsageException;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;

/** A run's samples paired again with their problems, for grading them without the engine (grade RUN_DIR, grade --pending). */
final class RunProblems {
    private RunProblems() {}

    /** The problems of {@code samples}, in order, and what to grade. */
    record Matched(List<Problem> problems, List<ParallelGrading.Item> items) {}

    /** The run's suite with the run's template, refused unless it is the data the run used. */
    static Suite suite(SuiteOptions suites, RunManifest m) throws IOException, UsageException {
        String name = m.configString("suite");
        Suite suite = suites.load(SuiteOptions.source(m.config()), m.configString("prompt_template"));
        if (!suite.datasetSha256().equals(m.configString("dataset_sha256"))) {
            throw new UsageException("the " + name + " data found now (sha256 " + suite.datasetSha256() + ") is not the data the run used ("
                    + m.configString("dataset_sha256") + "): point --data-dir at the run's data");
        }
        return suite;
    }

    static Matched match(Suite suite, List<SampleRecord> samples, Path samplesFile) throws UsageException {
        Map<String, Problem> byId = new HashMap<>();
        for (Problem p : suite.problems()) byId.put(p.id(), p);
        List<Problem> problems = new ArrayList<>(samples.size());
        List<ParallelGrading.Item> items = new ArrayList<>(samples.size());
        for (SampleRecord r : samples) {
            Problem p = byId.get(r.problemId());
            if (p == null) throw new UsageException("suite " + suite.name() + " has no problem '" + r.problemId() + "' that " + samplesFile + " holds");
            problems.add(p);
            items.add(new ParallelGrading.Item(p, r.completion()));
        }
        return new Matched(problems, items);
    }
}
