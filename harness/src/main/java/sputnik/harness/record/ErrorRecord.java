package sputnik.harness.record;

/**
 * One line of errors.jsonl: a sample whose request failed (after the engine's own retries). It is
 * not a verdict: the sample stays unfinished and the next run of the same command tries it again.
 */
public record ErrorRecord(String sampleId, String problemId, int sampleIndex, String error, String at) {}
