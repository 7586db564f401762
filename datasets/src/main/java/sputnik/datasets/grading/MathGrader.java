package sputnik.datasets.grading;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import sputnik.datasets.math.Equivalence;
import sputnik.datasets.math.MathEquivalence;
import sputnik.datasets.math.QuestionEcho;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Verdict;

/**
 * The {@code math} grader, for MATH-500-style problems whose reference answer is a LaTeX string
 * ("\frac{14}{3}", "(-\infty,-2)\cup(2,\infty)", "\text{Evelyn}"). It grades the final answer only:
 * the engine's separate reasoning and any {@code <think>} block are ignored, an unclosed think is no
 * answer, and a response cut off at max_tokens counts only if it completed a {@code \boxed{}}. The
 * answer is found by {@link MathAnswerExtractor} and judged by {@link MathEquivalence}: equivalent
 * forms ("0.5" and "\frac12", "\sqrt{18}" and "3\sqrt2", "x = 5" and "5") are correct.
 *
 * <p>Detail: {@code rule} (boxed, answer_phrase, none), {@code truncated}, and {@code reason} (why the
 * answers are or are not equivalent). The vote key is {@link MathEquivalence#canonicalKey}.
 */
public final class MathGrader implements Grader {

    private final MathEquivalence equivalence;

    public MathGrader() {
        this(new MathEquivalence());
    }

    public MathGrader(MathEquivalence equivalence) {
        this.equivalence = Objects.requireNonNull(equivalence, "equivalence");
    }

    @Override
    public String name() {
        return "math";
    }

    @Override
    public String description() {
        return "LaTeX answer (MATH-500 style): last \\boxed{}, else 'answer is X'; after </think>; "
                + "compared symbolically (fractions, radicals, sets, intervals, matrices, equations)";
    }

    @Override
    public String ungradable(Problem problem) {
        String reference = problem.answer();
        return reference == null || reference.isBlank() ? "there is no reference answer to compare with" : null;
    }

    @Override
    public Grade grade(Problem problem, Completion completion) {
        String reference = problem.answer();
        if (reference == null || reference.isBlank()) {
            // A broken suite, not a wrong response: fail loudly rather than grade everything incorrect
            // (the commands check ungradable() first; this is for callers that did not).
            throw new IllegalArgumentException("problem " + problem.id() + " has no reference answer");
        }
        FinalAnswerText answerText = FinalAnswerText.of(completion.text());
        if (answerText.unclosedThink()) return noAnswer(true, answerText.unclosedReason());

        Extraction extraction = MathAnswerExtractor.extract(answerText.text());
        // Cut off at max_tokens, only a completed box is a committed answer: an "answer is" line may
        // stop mid-expression ("\frac{1}{2" or "1" of "12").
        if (completion.truncated() && extraction.rule() != ExtractionRule.BOXED) {
            return noAnswer(true, "cut off at max_tokens before a complete \\boxed{} answer");
        }
        if (extraction.rule() == ExtractionRule.NONE) {
            return noAnswer(false, "no \\boxed{} answer, no 'answer is' phrase and no concluding statement");
        }

        String answer = inWordsAsNumber(extraction, reference);
        Equivalence result = equivalence.compare(answer, reference);
        if (result.equivalent()) {
            Optional<String> echo = QuestionEcho.find(answer, questionOf(problem), reference);
            if (echo.isPresent()) {
                result = new Equivalence(false, "the answer only restates the question's expression '" + echo.get()
                        + "' (equal in value to the reference, which is a different expression): not an answer");
            }
        }
        String voteKey = equivalence.canonicalKey(answer).orElse(null);
        Map<String, Object> detail = Map.of(
                "rule", extraction.rule().wire(), "truncated", completion.truncated(), "reason", result.reason());
        return new Grade(result.equivalent() ? Verdict.CORRECT : Verdict.INCORRECT, extraction.raw(), voteKey, detail);
    }

    /**
     * A whole number stated in words in prose ("so there are twelve") is that number when the reference is
     * an integer; otherwise, and inside a box, the words are left as written.
     */
    private static String inWordsAsNumber(Extraction extraction, String reference) {
        if (extraction.rule() == ExtractionRule.BOXED || !reference.strip().matches("-?\\d+")) return extraction.raw();
        return WordNumbers.leading(extraction.raw()).map(String::valueOf).orElse(extraction.raw());
    }

    /** The problem statement: the dataset's own field where the suite keeps it, else the prompt as shown. */
    private static String questionOf(Problem problem) {
        Object statement = problem.data() == null ? null : problem.data().get("problem");
        if (statement instanceof String s && !s.isBlank()) return s;
        return problem.prompt() == null ? null : problem.prompt().display();
    }

    private static Grade noAnswer(boolean truncated, String reason) {
        return new Grade(Verdict.INCORRECT, null, null,
                Map.of("rule", ExtractionRule.NONE.wire(), "truncated", truncated, "reason", reason));
    }
}
