package sputnik.datasets.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.util.Json;

/**
 * Runs the hand-made corpus {@code grading/corpus.jsonl} through the {@code aime} and {@code math}
 * graders, found by name with {@link ServiceLoader}. The corpus was written from the graders'
 * specification, not from their code, so it is an independent check: every case says which verdict
 * the grader must give and, for cut-off responses, that it must flag {@code truncated}.
 *
 * <p>Each line is one object: {@code id}, {@code grader}, {@code answer} (the reference),
 * {@code response} (the model's text), optional {@code finish_reason} ("stop" unless given) and
 * {@code reasoning} (thinking text the engine returned apart), optional {@code question} (the problem
 * statement, for answers that only restate it), {@code expected} ("correct" or "incorrect"), optional
 * {@code truncated: true}, and a one-line {@code note} saying why.
 */
class GradingCorpusTest {

    private static final String RESOURCE = "/grading/corpus.jsonl";
    private static final List<String> GRADERS = List.of("aime", "math");
    private static final Set<String> REQUIRED = Set.of("id", "grader", "answer", "response", "expected", "note");
    private static final Set<String> OPTIONAL = Set.of("finish_reason", "reasoning", "truncated", "question");
    private static final Set<String> FINISH_REASONS = Set.of("stop", "length");
    private static final Set<String> VERDICTS = Set.of("correct", "incorrect");

    /** One corpus line. {@code finishReason} is null when the line gives none (then "stop"). */
    record Case(
            int line,
            String id,
            String grader,
            String answer,
            String response,
            String finishReason,
            String reasoning,
            boolean expectCorrect,
            boolean expectTruncated,
            String note,
            String question) {

        /** The problem statement is the case's {@code question} when it gives one (the math grader reads it). */
        Problem problem() {
            return new Problem(id, Prompt.user(question == null ? "corpus" : question), answer,
                    question == null ? Map.of() : Map.of("problem", question));
        }

        Completion completion() {
            return new Completion(
                    response, reasoning, FinishReason.parse(finishReason == null ? "stop" : finishReason), 0, 0, null);
        }

        String expected() {
            return expectCorrect ? "correct" : "incorrect";
        }
    }

    // ------------------------------------------------------------------ loading

    /** The corpus lines, numbered from 1; a final newline does not make an extra line. */
    private static List<String> lines() {
        try (InputStream in = GradingCorpusTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("test resource %s", RESOURCE).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.getLast().isEmpty()) lines.removeLast();
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** Everything wrong with one line (empty when it is a well-formed case). */
    private static List<String> problemsOf(String line) {
        List<String> problems = new ArrayList<>();
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            problems.add("not JSON: " + e.getOriginalMessage());
            return problems;
        }
        if (node == null || !node.isObject()) {
            problems.add("not a JSON object");
            return problems;
        }
        for (String field : REQUIRED) {
            JsonNode v = node.get(field);
            if (v == null) problems.add("missing \"" + field + "\"");
            else if (!v.isTextual()) problems.add("\"" + field + "\" is not a string");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!REQUIRED.contains(field) && !OPTIONAL.contains(field)) problems.add("unknown field \"" + field + "\"");
        }
        if (!problems.isEmpty()) return problems;

        if (node.get("id").asText().isBlank() || !node.get("id").asText().strip().equals(node.get("id").asText()))
            problems.add("id is blank or has surrounding spaces");
        if (!GRADERS.contains(node.get("grader").asText()))
            problems.add("grader \"" + node.get("grader").asText() + "\" is not one of " + GRADERS);
        if (node.get("answer").asText().isBlank()) problems.add("answer is blank");
        if (node.get("note").asText().isBlank()) problems.add("note is blank");
        if (!VERDICTS.contains(node.get("expected").asText()))
            problems.add("expected \"" + node.get("expected").asText() + "\" is not one of " + VERDICTS);
        JsonNode finish = node.get("finish_reason");
        if (finish != null && !(finish.isTextual() && FINISH_REASONS.contains(finish.asText())))
            problems.add("finish_reason " + finish + " is not one of " + FINISH_REASONS);
        JsonNode question = node.get("question");
        if (question != null && !(question.isTextual() && !question.asText().isBlank())) problems.add("question is not a non-blank string");
        JsonNode reasoning = node.get("reasoning");
        if (reasoning != null && !reasoning.isTextual()) problems.add("reasoning is not a string");
        JsonNode truncated = node.get("truncated");
        if (truncated != null) {
            if (!truncated.isBoolean() || !truncated.asBoolean())
                problems.add("truncated is given only as true, found " + truncated);
            else if (!"incorrect".equals(node.get("expected").asText()))
                problems.add("a truncated response has no answer, so expected must be incorrect");
        }
        return problems;
    }

    private static Case parse(int lineNo, String line) {
        List<String> problems = problemsOf(line);
        if (!problems.isEmpty()) throw new AssertionError(RESOURCE + " line " + lineNo + ": " + String.join("; ", problems));
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError(RESOURCE + " line " + lineNo, e);
        }
        return new Case(
                lineNo,
                n.get("id").asText(),
                n.get("grader").asText(),
                n.get("answer").asText(),
                n.get("response").asText(),
                n.hasNonNull("finish_reason") ? n.get("finish_reason").asText() : null,
                n.hasNonNull("reasoning") ? n.get("reasoning").asText() : null,
                n.get("expected").asText().equals("correct"),
                n.has("truncated") && n.get("truncated").asBoolean(),
                n.get("note").asText(),
                n.hasNonNull("question") ? n.get("question").asText() : null);
    }

    static List<Case> cases() {
        List<String> lines = lines();
        List<Case> cases = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) cases.add(parse(i + 1, lines.get(i)));
        return cases;
    }

    // ------------------------------------------------------------------ the corpus itself

    @Test
    void everyLineIsAnObjectWithTheRequiredFields() {
        List<String> lines = lines();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            for (String p : problemsOf(lines.get(i))) problems.add("line " + (i + 1) + ": " + p);
        }
        assertThat(problems).as("malformed lines in %s", RESOURCE).isEmpty();
    }

    @Test
    void corpusIsLargeWithUniqueIdsBothGradersAndEnoughIncorrectCases() {
        List<Case> cases = cases();
        assertThat(cases).as("cases in the corpus").hasSizeGreaterThanOrEqualTo(300);

        Map<String, Integer> firstLine = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Case c : cases) {
            Integer seen = firstLine.putIfAbsent(c.id(), c.line());
            if (seen != null) duplicates.add(c.id() + " (lines " + seen + " and " + c.line() + ")");
        }
        assertThat(duplicates).as("duplicate ids").isEmpty();

        for (String grader : GRADERS) {
            List<Case> of = cases.stream().filter(c -> c.grader().equals(grader)).toList();
            assertThat(of).as("cases for grader %s", grader).isNotEmpty();
            assertThat(of).as("correct cases for grader %s", grader).anyMatch(Case::expectCorrect);
            assertThat(of).as("incorrect cases for grader %s", grader).anyMatch(c -> !c.expectCorrect());
        }

        long incorrect = cases.stream().filter(c -> !c.expectCorrect()).count();
        assertThat(incorrect * 100.0 / cases.size())
                .as("percent of cases expected incorrect (%d of %d)", incorrect, cases.size())
                .isGreaterThanOrEqualTo(35.0);
    }

    // ------------------------------------------------------------------ the graders against it

    @Test
    void everyCaseGetsTheExpectedVerdict() {
        List<Case> cases = cases();

        Map<String, Grader> installed = new TreeMap<>();
        for (Grader g : ServiceLoader.load(Grader.class)) installed.putIfAbsent(g.name(), g);
        List<String> missing = GRADERS.stream().filter(name -> !installed.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            fail("grader(s) " + missing + " not installed: ServiceLoader<" + Grader.class.getName() + "> found "
                    + installed.keySet() + "; register them in META-INF/services/" + Grader.class.getName());
        }

        List<String> mismatches = new ArrayList<>();
        Map<String, int[]> perGrader = new TreeMap<>(); // grader -> {mismatches, cases}
        for (Case c : cases) {
            int[] tally = perGrader.computeIfAbsent(c.grader(), k -> new int[2]);
            tally[1]++;
            String mismatch = check(installed.get(c.grader()), c);
            if (mismatch != null) {
                tally[0]++;
                mismatches.add(mismatch);
            }
        }

        if (!mismatches.isEmpty()) {
            StringBuilder b = new StringBuilder();
            b.append(mismatches.size()).append(" of ").append(cases.size()).append(" corpus cases disagree (");
            List<String> parts = new ArrayList<>();
            perGrader.forEach((g, t) -> parts.add(g + " " + t[0] + "/" + t[1]));
            b.append(String.join(", ", parts)).append("):\n");
            for (String m : mismatches) b.append(m).append('\n');
            fail(b.toString());
        }
    }

    /** Null when the grader agrees with the case; otherwise one line saying how it does not. */
    private static String check(Grader grader, Case c) {
        Grade grade;
        try {
            grade = grader.grade(c.problem(), c.completion());
        } catch (RuntimeException e) {
            return describe(c, "threw " + e, null);
        }
        if (grade == null) return describe(c, "returned no grade", null);

        Set<String> wrong = new LinkedHashSet<>();
        boolean correct = grade.verdict() != null && grade.verdict().correct();
        if (correct != c.expectCorrect()) wrong.add("verdict");
        if (c.expectTruncated() && !Boolean.TRUE.equals(grade.detail().get("truncated"))) wrong.add("truncated flag");
        if (wrong.isEmpty()) return null;
        return describe(c, "wrong " + String.join(" and ", wrong) + ": got " + grade.verdict(), grade);
    }

    private static String describe(Case c, String what, Grade grade) {
        StringBuilder b = new StringBuilder();
        b.append("- ").append(c.id()).append(" (line ").append(c.line()).append(", ").append(c.grader()).append("): ");
        b.append(what).append("; expected ").append(c.expected());
        if (c.expectTruncated()) b.append(" with truncated=true");
        b.append("; answer=").append(quote(c.answer()));
        if (grade != null) {
            b.append("; extracted=").append(grade.extracted() == null ? "null" : quote(grade.extracted()));
            b.append("; detail=").append(grade.detail());
        }
        b.append("; note: ").append(c.note());
        return b.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\n", "\\n") + '"';
    }
}
