package sputnik.datasets.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import sputnik.harness.api.Verdict;

/** What the tester's final message means: passed, a failed test, an exception from the candidate, or a dead candidate. */
final class TesterVerdicts {
    private TesterVerdicts() {}

    static Judgement judge(JsonNode done, FunctionCandidate candidate) {
        Map<String, Object> where = new LinkedHashMap<>();
        if (done.has("test")) where.put("test", done.get("test").asInt() + 1);
        if (done.has("at")) {
            where.put("failing_test", done.path("at").path("source").asText());
            where.put("failing_line", done.path("at").path("line").asInt());
        }
        String when = done.has("test") ? "in test " + (done.get("test").asInt() + 1) : "during the tests";
        return switch (done.path("done").asText()) {
            case "passed" -> Judgement.of(Verdict.CORRECT);
            case "failed" -> Judgement.of(Verdict.INCORRECT, "reason", done.path("message").asText("a test failed")).with(where);
            case "raised" -> FunctionCandidate.raised(done, when).with(where);
            case "candidate_failed" -> candidate.died(when).with(where);
            case "tests_broken" -> Judgement.sandboxError("the dataset's test code failed to load: " + done.path("message").asText());
            default -> Judgement.sandboxError("the test driver answered " + done);
        };
    }
}
