package sputnik.datasets.code;

import sputnik.harness.api.Problem;

/**
 * What the EvalPlus graders (HumanEval+, MBPP+) share: the base-then-plus judging and its time limits
 * ({@link PlusJudge}), and the check that a problem's entry point can be called by name.
 */
abstract class PlusGrader extends CodeGrader {
    @Override
    protected TimeLimits timeLimits() {
        return PlusJudge.LIMITS;
    }

    @Override
    public String ungradable(Problem problem) {
        String missing = super.ungradable(problem);
        return missing != null ? missing : PlusJudge.ungradable(problem);
    }
}
