package sputnik.datasets.grading;

import java.math.BigInteger;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;

/**
 * The {@code aime} grader: the {@code integer} grader's extraction and normalisation, restricted to
 * AIME's answer format, an integer from 0 to 999. An answer outside that range is incorrect even if a
 * reference were to match it.
 */
public final class AimeGrader implements Grader {
    private final IntegerAnswerGrader delegate = new IntegerAnswerGrader("aime",
            "AIME: an integer 0-999 from the last \\boxed{}, else 'answer is X', else the last integer; after </think>",
            BigInteger.ZERO, BigInteger.valueOf(999));

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public String ungradable(Problem problem) {
        return delegate.ungradable(problem);
    }

    @Override
    public Grade grade(Problem problem, Completion completion) {
        return delegate.grade(problem, completion);
    }
}
