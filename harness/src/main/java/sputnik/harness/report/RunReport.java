package sputnik.harness.report;

import java.nio.file.Path;
import java.util.List;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.ErrorRecord;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.record.SampleRecords;

/**
 * A run as report writers see it: where it is, how it was run, its samples, failed requests and scores.
 * {@code samples} is every sample in samples.jsonl (one record per sample id); the scores count only
 * {@link #scoredSamples()}.
 */
public record RunReport(Path dir, RunManifest manifest, Summary summary, List<SampleRecord> samples, List<ErrorRecord> errors) {
    public RunReport {
        samples = List.copyOf(samples);
        errors = List.copyOf(errors);
    }

    /** The samples the summary counts: graded, of a problem in run.json's scope, below its samples per problem. */
    public List<SampleRecord> scoredSamples() {
        return SampleRecords.scored(samples, manifest.scope().problemIds(), manifest.scope().samplesPerProblem());
    }
}
