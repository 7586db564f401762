package sputnik.harness.report;

import java.io.IOException;
import java.nio.file.Path;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.RunScorer;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.RunManifest;
import sputnik.harness.run.RunDirectory;

/** Loads a run directory for reporting, scored afresh from samples.jsonl (the record; summary.json is derived). */
public final class RunReports {
    private RunReports() {}

    public static RunReport load(Path dir) throws IOException, UsageException {
        RunDirectory rd = RunDirectory.existing(dir);
        RunManifest m = rd.readManifest();
        var samples = rd.readSamples();
        Summary s = RunScorer.score(m.config(), m.scope().problemIds(), m.scope().samplesPerProblem(), samples);
        return new RunReport(dir, m, s, samples, rd.readErrors());
    }

    /** The prompts a run recorded (prompts.jsonl), by SHA-256; empty for runs made before it existed. */
    public static java.util.Map<String, sputnik.harness.record.PromptRecord> prompts(Path dir) throws IOException, UsageException {
        return RunDirectory.existing(dir).readPrompts();
    }
}
