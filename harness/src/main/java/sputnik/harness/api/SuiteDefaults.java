package sputnik.harness.api;

/** A suite's published protocol: sampling parameters and how many samples per problem. */
public record SuiteDefaults(double temperature, double topP, int topK, int maxTokens, int samples) {}
