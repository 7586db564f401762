package sputnik.harness.api;

import java.util.Map;

/**
 * A grader's finding on one response.
 *
 * @param verdict   the verdict
 * @param extracted the answer as found in the response (null when none was found)
 * @param voteKey   the extracted answer in canonical form, used for majority voting (equal keys mean
 *                  equivalent answers: "025" and "25" share the key "25"); null when none was found
 * @param detail    how the grade was reached: which extraction rule fired, flags such as
 *                  {@code truncated}, the first failing test; JSON-serializable values only
 */
public record Grade(Verdict verdict, String extracted, String voteKey, Map<String, Object> detail) {
    public Grade {
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }
}
