package sputnik.harness.api;

import java.util.Map;

/**
 * One problem of a suite. {@code id} is the dataset's own id (as a string); {@code answer} is the
 * reference answer for graded-by-answer suites (null for code suites, whose tests sit in {@code data});
 * {@code data} holds whatever else the grader needs (tests, entry point, time limit) and metadata.
 */
public record Problem(String id, Prompt prompt, String answer, Map<String, Object> data) {
    public Problem {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("problem id is empty");
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
