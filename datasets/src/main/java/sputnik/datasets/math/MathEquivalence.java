package sputnik.datasets.math;

import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether two MATH-style answers (LaTeX strings such as "\frac{14}{3}", "[-2,7)",
 * "\text{Evelyn}", "1 \pm \sqrt{19}") are the same answer, without Python or a computer-algebra system:
 * {@link LatexNormalizer} cleans the strings, {@link ExpressionParser} parses them,
 * {@link AnswerComparator} matches structure and {@link ExpressionComparator} decides numbers and
 * expressions (exactly for rationals, to 1e-9 relative otherwise, by seeded random sampling when there
 * are variables).
 *
 * <p>Conventions, chosen as MATH's reference answers use them:
 * <ul>
 *   <li>percent: "5\%" equals "5" (the question asks for the percentage, and MATH's own graders strip
 *       the sign), but not "0.05";
 *   <li>degrees: "90^\circ" equals "90"; "\frac{\pi}{2}" does not equal "90^\circ" (radians and degrees
 *       are only equal when both are written in the same unit);
 *   <li>units: "5 \text{ cm}" equals "5" when only one side has a unit; two different units differ;
 *   <li>money: "\$18.90" equals "18.9"; thousands separators ("10,\!080", "1{,}000", "58,500") are dropped;
 *   <li>words ("\text{Evelyn}", "(C)") compare case-insensitively after normalisation.
 * </ul>
 *
 * <p>When in doubt the answer is "not equivalent", with the reason: a parse failure on either side,
 * different kinds of answer, or a {@link MathLimits budget} exceeded. Thread-safe; deterministic.
 */
public final class MathEquivalence {

    private final MathLimits limits;

    public MathEquivalence() {
        this(MathLimits.DEFAULT);
    }

    public MathEquivalence(MathLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Whether {@code predicted} is the same answer as {@code reference}, and why. */
    public Equivalence compare(String predicted, String reference) {
        return compare(predicted, reference, true);
    }

    /**
     * {@link #compare} without the shortcut for answers identical after normalisation, so that an answer
     * compared with itself goes through parsing and structural comparison: a self-test of the parser
     * and comparator on real reference answers.
     */
    Equivalence compareStructurally(String predicted, String reference) {
        return compare(predicted, reference, false);
    }

    private Equivalence compare(String predicted, String reference, boolean identicalShortcut) {
        if (predicted == null || reference == null) return Equivalence.no("no answer");
        if (predicted.length() > limits.maxInputChars()) {
            return Equivalence.no("budget exceeded: predicted answer longer than " + limits.maxInputChars() + " characters");
        }
        if (reference.length() > limits.maxInputChars()) {
            return Equivalence.no("budget exceeded: reference answer longer than " + limits.maxInputChars() + " characters");
        }
        Budget budget = new Budget(limits);
        try {
            NormalizedAnswer p = LatexNormalizer.normalize(predicted);
            NormalizedAnswer r = LatexNormalizer.normalize(reference);
            budget.check();
            if (p.words() || r.words()) {
                return p.wordKey().equals(r.wordKey())
                        ? Equivalence.yes("same words: " + r.wordKey())
                        : Equivalence.no("different words: '" + p.wordKey() + "' vs '" + r.wordKey() + "'");
            }
            if (p.unit() != null && r.unit() != null && !p.unit().equals(r.unit())) {
                return Equivalence.no("different units: " + p.unit() + " vs " + r.unit());
            }
            if (p.math().isEmpty() || r.math().isEmpty()) return Equivalence.no("empty answer");
            if (identicalShortcut && p.math().equals(r.math())) return Equivalence.yes("identical after normalisation");

            Node pn;
            try {
                pn = ExpressionParser.parse(p.math(), budget);
            } catch (ParseException e) {
                return Equivalence.no("could not parse predicted answer: " + e.getMessage());
            }
            budget.resetNodes();
            Node rn;
            try {
                rn = ExpressionParser.parse(r.math(), budget);
            } catch (ParseException e) {
                return Equivalence.no("could not parse reference answer: " + e.getMessage());
            }
            return AnswerComparator.compare(pn, rn, budget);
        } catch (BudgetExceeded e) {
            return Equivalence.no("budget exceeded: " + e.getMessage());
        } catch (StackOverflowError e) {
            return Equivalence.no("budget exceeded: nesting too deep");
        } catch (RuntimeException e) {
            // A bug here must not stop a run or, worse, pass an answer: say so and call it not equivalent.
            return Equivalence.no("could not compare (internal error): " + e);
        }
    }

    /**
     * A canonical form of an answer for majority voting: equivalent answers usually share it ("0.5" and
     * "\frac12" both give "1/2"); an answer that does not parse keys as its normalised text. Empty for a
     * null or over-long answer.
     */
    public Optional<String> canonicalKey(String answer) {
        if (answer == null || answer.length() > limits.maxInputChars()) return Optional.empty();
        Budget budget = new Budget(limits);
        try {
            NormalizedAnswer a = LatexNormalizer.normalize(answer);
            if (a.words()) return Optional.of(a.wordKey());
            if (a.math().isEmpty()) return Optional.empty();
            try {
                return Optional.of(CanonicalKey.of(ExpressionParser.parse(a.math(), budget), budget));
            } catch (ParseException | BudgetExceeded | StackOverflowError e) {
                return Optional.of(a.math());
            }
        } catch (RuntimeException e) {
            return Optional.of(answer.strip());
        }
    }

    /** Why an answer cannot be parsed as math, or empty when it can (or is a word answer). */
    public Optional<String> parseFailure(String answer) {
        if (answer == null) return Optional.of("no answer");
        if (answer.length() > limits.maxInputChars()) return Optional.of("longer than " + limits.maxInputChars() + " characters");
        try {
            NormalizedAnswer a = LatexNormalizer.normalize(answer);
            if (a.words()) return Optional.empty();
            ExpressionParser.parse(a.math(), new Budget(limits));
            return Optional.empty();
        } catch (ParseException | BudgetExceeded e) {
            return Optional.of(e.getMessage());
        } catch (StackOverflowError e) {
            return Optional.of("nesting too deep");
        } catch (RuntimeException e) {
            return Optional.of("internal error: " + e);
        }
    }
}
