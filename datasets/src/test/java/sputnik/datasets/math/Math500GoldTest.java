package sputnik.datasets.math;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sputnik.datasets.grading.MathGrader;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Verdict;

/**
 * The grader against the real MATH-500 reference answers (read from the shared data directory, never
 * copied into the repository): every reference must parse, equal itself by structure (not just as
 * text), and be graded correct when a model states it; different references must not be equal.
 * Skipped where ../shared/datasets is absent.
 */
class Math500GoldTest {

    private static final MathEquivalence MATH = new MathEquivalence();

    record Gold(String id, String answer, String problem) {}

    private static List<Gold> golds;

    @BeforeAll
    static void load() throws IOException {
        String shared = System.getProperty("sputnik.shared", "../shared");
        Path file = Path.of(shared, "datasets", "math500", "math500.jsonl");
        Assumptions.assumeTrue(Files.exists(file), "../shared/datasets is absent: no MATH-500 file at " + file);
        ObjectMapper json = new ObjectMapper();
        golds = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            JsonNode record = json.readTree(line);
            golds.add(new Gold(record.get("unique_id").asText(), record.get("answer").asText(), record.get("problem").asText()));
        }
        assertThat(golds).hasSize(500);
    }

    @Test
    void everyReferenceAnswerParses() {
        List<String> failures = new ArrayList<>();
        for (Gold g : golds) {
            MATH.parseFailure(g.answer()).ifPresent(why -> failures.add(g.id() + " " + g.answer() + ": " + why));
        }
        assertThat(failures).as("references that do not parse").isEmpty();
    }

    @Test
    void everyReferenceEqualsItselfByStructure() {
        List<String> failures = new ArrayList<>();
        for (Gold g : golds) {
            Equivalence e = MATH.compareStructurally(g.answer(), g.answer());
            if (!e.equivalent()) failures.add(g.id() + " " + g.answer() + ": " + e.reason());
        }
        assertThat(failures).as("references not equal to themselves (500 compared)").isEmpty();
    }

    @Test
    void everyReferenceStatedAsAFinalAnswerIsGradedCorrect() {
        MathGrader grader = new MathGrader();
        List<String> failures = new ArrayList<>();
        for (Gold g : golds) {
            Problem problem = new Problem(g.id(), Prompt.text("(problem text not stored)"), g.answer(), null);
            String response = "The final answer is $\\boxed{" + g.answer() + "}$";
            Grade grade = grader.grade(problem, new Completion(response, null, FinishReason.STOP, 0, 0, null));
            if (grade.verdict() != Verdict.CORRECT) failures.add(g.id() + " " + response + ": " + grade.detail());
            assertThat(grade.detail()).containsEntry("rule", "boxed");
        }
        assertThat(failures).as("references graded incorrect when stated").isEmpty();
    }

    @Test
    void everyReferenceStatedAfterAnswerColonIsGradedCorrect() {
        MathGrader grader = new MathGrader();
        List<String> failures = new ArrayList<>();
        for (Gold g : golds) {
            Problem problem = new Problem(g.id(), Prompt.text("(problem text not stored)"), g.answer(), null);
            Grade grade = grader.grade(problem, new Completion("Answer: $" + g.answer() + "$", null, FinishReason.STOP, 0, 0, null));
            if (grade.verdict() != Verdict.CORRECT) failures.add(g.id() + " " + g.answer() + ": " + grade.detail());
        }
        assertThat(failures).isEmpty();
    }

    /**
     * No false positives among the references themselves: any two references with different canonical
     * keys are different answers, except for equalities that are the grader's documented conventions.
     */
    @Test
    void differentReferencesAreNotEqual() {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (Gold g : golds) byKey.putIfAbsent(MATH.canonicalKey(g.answer()).orElseThrow(), g.answer());
        List<String> answers = new ArrayList<>(byKey.values());
        assertThat(answers.size()).isGreaterThan(250);

        List<String> equal = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < answers.size(); i++) {
            for (int j = i + 1; j < answers.size(); j++) {
                compared++;
                if (MATH.compare(answers.get(i), answers.get(j)).equivalent()) equal.add(answers.get(i) + " == " + answers.get(j));
            }
        }
        assertThat(compared).isGreaterThan(30_000);
        // The one equality left is a documented convention: a base-9 numeral equals its digits written
        // without the base (the question names the base). Degrees, "x = 5" and the like share keys.
        assertThat(equal).as("distinct references judged equal").containsExactly("40_9 == 40");
    }

    @Test
    void eachReferenceDiffersFromTheNextDistinctOne() {
        int compared = 0;
        List<String> equal = new ArrayList<>();
        for (int i = 0; i < golds.size(); i++) {
            String a = golds.get(i).answer();
            String keyA = MATH.canonicalKey(a).orElseThrow();
            for (int j = 1; j < golds.size(); j++) {
                String b = golds.get((i + j) % golds.size()).answer();
                if (keyA.equals(MATH.canonicalKey(b).orElseThrow())) continue;
                compared++;
                if (MATH.compare(a, b).equivalent() || MATH.compare(b, a).equivalent()) equal.add(a + " == " + b);
                break;
            }
        }
        assertThat(compared).isEqualTo(500);
        assertThat(equal).isEmpty();
    }

    /**
     * Every reference stated in a concluding sentence with no box and no "answer is" phrase ("So the answer to the
     * problem is X.", and "Thus $x = X$." where X is a number) is correct; the same sentences with a wrong number
     * in X (its first number plus one) are not. The problem's own statement is given, as a suite gives it.
     */
    @Test
    void everyReferenceStatedInProseIsCorrectAndAWrongNumberIsNot() {
        MathGrader grader = new MathGrader();
        List<String> failures = new ArrayList<>();
        int numbers = 0, perturbed = 0;
        for (Gold g : golds) {
            Problem problem = new Problem(g.id(), Prompt.text(g.problem()), g.answer(), Map.of("problem", g.problem()));
            List<String> right = new ArrayList<>(List.of("So the answer to the problem is " + g.answer() + "."));
            boolean number = g.answer().strip().matches("-?\\d+(?:\\.\\d+)?|-?\\\\[dt]?frac\\{\\d+}\\{\\d+}");
            if (number) {
                right.add("Thus $x = " + g.answer() + "$.");
                numbers++;
            }
            String wrongAnswer = wrongNumber(g.answer());
            for (String r : right) {
                Grade grade = grader.grade(problem, new Completion(r, null, FinishReason.STOP, 0, 0, null));
                if (grade.verdict() != Verdict.CORRECT) failures.add("not credited: " + g.id() + " " + r + " " + grade.detail());
                if (wrongAnswer == null) continue;
                perturbed++;
                String w = r.replace(g.answer(), wrongAnswer);
                Grade wrong = grader.grade(problem, new Completion(w, null, FinishReason.STOP, 0, 0, null));
                if (wrong.verdict() == Verdict.CORRECT) failures.add("credited a wrong number: " + g.id() + " " + w + " " + wrong.detail());
            }
        }
        assertThat(numbers).as("references that are numbers").isGreaterThan(250);
        assertThat(perturbed).isGreaterThan(600);
        assertThat(failures).as("prose statements of the 500 references").isEmpty();
    }

    /** The reference with its first number increased by one ("10,\\!080" becomes "11,\\!080"); null when it has none. */
    static String wrongNumber(String answer) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(answer);
        if (!m.find()) return null;
        return answer.substring(0, m.start()) + (new java.math.BigInteger(m.group()).add(java.math.BigInteger.ONE)) + answer.substring(m.end());
    }
}
