package sputnik.harness.api;

import java.util.List;

/** A suite as listed by {@code sputnik suites}: name, one-line description, prompt templates. */
public record SuiteInfo(String name, String description, List<String> promptTemplates) {}
