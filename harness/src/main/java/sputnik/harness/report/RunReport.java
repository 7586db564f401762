package sputnik.harness.report;

import java.nio.file.Path;
import java.util.List;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.ErrorRecord;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;

/** A run as report writers see it: where it is, how it was run, its samples, failed requests and scores. */
public record RunReport(Path dir, RunManifest manifest, Summary summary, List<SampleRecord> samples, List<ErrorRecord> errors) {
    public RunReport {
        samples = List.copyOf(samples);
        errors = List.copyOf(errors);
    }
}
