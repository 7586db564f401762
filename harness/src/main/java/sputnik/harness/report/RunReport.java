package sputnik.harness.report;

import java.nio.file.Path;
import sputnik.harness.metrics.Summary;
import sputnik.harness.run.RunManifest;

/** A run as report writers see it: where it is, how it was run, and its scores. */
public record RunReport(Path dir, RunManifest manifest, Summary summary) {}
