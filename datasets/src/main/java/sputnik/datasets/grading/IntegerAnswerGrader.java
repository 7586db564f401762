package sputnik.datasets.grading;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.UsageException;
import sputnik.harness.api.Verdict;

/**
 * The {@code integer} grader: for problems whose reference answer is an integer. It grades the final
 * answer only: the engine's separate reasoning field and any {@code <think>} block are ignored, and a
 * response cut off before it committed to an answer is incorrect and flagged {@code truncated}.
 * Answers are compared as numbers, so "025", "25" and "$25$." are the same answer (vote key "25").
 */
public final class IntegerAnswerGrader implements Grader {
    private final String name;
    private final String description;
    private final BigInteger min;
    private final BigInteger max;
    /** True when a suite set the range ({@code grader_options}): then run.json records it, as it decides verdicts. */
    private final boolean rangeFromOptions;

    public IntegerAnswerGrader() {
        this("integer", "integer answer: last \\boxed{}, else 'answer is X', else last number; after </think>; compared numerically"
                + " (options: min, max)", null, null);
    }

    /** A grader that also rejects answers outside [min, max] (null: unbounded), as AIME's 0..999. */
    IntegerAnswerGrader(String name, String description, BigInteger min, BigInteger max) {
        this(name, description, min, max, false);
    }

    private IntegerAnswerGrader(String name, String description, BigInteger min, BigInteger max, boolean rangeFromOptions) {
        this.name = name;
        this.description = description;
        this.min = min;
        this.max = max;
        this.rangeFromOptions = rangeFromOptions;
    }

    /**
     * Options {@code min} and {@code max}: the answers a suite's problems allow (AIME's 0..999 is the aime
     * grader); an answer outside them is incorrect whatever the reference, as AIME grades it.
     */
    @Override
    public Grader withOptions(Map<String, Object> options) throws UsageException {
        if (options.isEmpty()) return this;
        BigInteger lo = min, hi = max;
        for (Map.Entry<String, Object> e : options.entrySet()) {
            switch (e.getKey()) {
                case "min" -> lo = integer(e);
                case "max" -> hi = integer(e);
                default -> throw new UsageException("grader " + name + " takes the options min and max (the answers' range), not '" + e.getKey() + "'");
            }
        }
        if (lo != null && hi != null && lo.compareTo(hi) > 0) throw new UsageException("grader " + name + ": min " + lo + " is above max " + hi);
        return new IntegerAnswerGrader(name, description, lo, hi, true);
    }

    private BigInteger integer(Map.Entry<String, Object> e) throws UsageException {
        try {
            return new BigInteger(String.valueOf(e.getValue()).strip());
        } catch (NumberFormatException x) {
            throw new UsageException("grader " + name + ": " + e.getKey() + " must be an integer, got '" + e.getValue() + "'");
        }
    }

    @Override
    public Map<String, Object> settings() {
        if (!rangeFromOptions) return Map.of();
        Map<String, Object> s = new java.util.LinkedHashMap<>();
        if (min != null) s.put("answer_min", min.toString());
        if (max != null) s.put("answer_max", max.toString());
        return s;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String ungradable(Problem problem) {
        String answer = problem.answer();
        if (answer == null || answer.isBlank()) return "there is no reference answer to compare with";
        try {
            new BigInteger(answer.strip());
            return null;
        } catch (NumberFormatException e) {
            return "the reference answer '" + answer + "' is not an integer, so the " + name + " grader cannot grade it:"
                    + " use --grader math, which compares fractions, radicals and other LaTeX answers";
        }
    }

    @Override
    public Grade grade(Problem problem, Completion completion) {
        BigInteger reference = referenceOf(problem);

        FinalAnswerText answerText = FinalAnswerText.of(completion.text());
        if (answerText.unclosedThink()) return noAnswer(true, answerText.unclosedReason());

        Extraction extraction = AnswerExtractor.extract(answerText.text());
        // Cut at max_tokens, only a completed box is a committed answer: a trailing "answer is 12"
        // or last number may be a prefix of what the model was about to write ("12" of "1296").
        if (completion.truncated() && extraction.rule() != ExtractionRule.BOXED) {
            return noAnswer(true, "cut off at max_tokens before a complete \\boxed{} answer");
        }
        if (extraction.rule() == ExtractionRule.NONE) return noAnswer(false, "no \\boxed{} answer, no 'answer is' phrase and no number");

        Map<String, Object> detail = Map.of("rule", extraction.rule().wire(), "truncated", completion.truncated());
        Optional<BigInteger> value = IntegerNormalizer.parse(extraction.raw());
        if (value.isEmpty() && extraction.rule() != ExtractionRule.BOXED) {
            // Stated in prose: "the answer is three" (a box holds what the model chose to write as math).
            value = WordNumbers.leading(extraction.raw()).map(BigInteger::valueOf);
        }
        if (value.isEmpty()) {
            return new Grade(Verdict.INCORRECT, extraction.raw(), null,
                    with(with(detail, "not_integer", true), "reason", "the answer is not an integer written out"));
        }
        if (min != null && value.get().compareTo(min) < 0 || max != null && value.get().compareTo(max) > 0) {
            // Outside the answer range the problem allows: not an answer to it, whatever the reference.
            return new Grade(Verdict.INCORRECT, extraction.raw(), value.get().toString(), with(with(detail, "out_of_range", true),
                    "reason", value.get() + " is outside the answers this problem allows (" + min + " to " + max + ")"));
        }
        boolean equal = value.get().equals(reference);
        Verdict verdict = equal ? Verdict.CORRECT : Verdict.INCORRECT;
        return new Grade(verdict, extraction.raw(), value.get().toString(),
                with(detail, "reason", equal ? "equal: " + reference : value.get() + " is not " + reference));
    }

    private BigInteger referenceOf(Problem problem) {
        // The commands check ungradable() before grading; this is for callers that did not.
        String why = ungradable(problem);
        if (why != null) throw new IllegalArgumentException("problem " + problem.id() + ": " + why);
        return new BigInteger(problem.answer().strip());
    }

    private static Grade noAnswer(boolean truncated, String reason) {
        return new Grade(Verdict.INCORRECT, null, null, Map.of("rule", ExtractionRule.NONE.wire(), "truncated", truncated, "reason", reason));
    }

    private static Map<String, Object> with(Map<String, Object> detail, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(detail);
        copy.put(key, value);
        return copy;
    }
}
