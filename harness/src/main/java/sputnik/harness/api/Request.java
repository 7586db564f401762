package sputnik.harness.api;

/**
 * One generation request. {@code sampleId} and {@code sampleIndex} identify the sample, so that engines
 * that cache or replay can key on them (two samples of one problem share the prompt but not the draw).
 */
public record Request(String sampleId, String problemId, int sampleIndex, Prompt prompt, Sampling sampling) {}
