package sputnik.datasets.code;

import java.util.List;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Judgement;
import sputnik.harness.api.Problem;

/**
 * MBPP+ (EvalPlus): the response's code is the whole program, judged on the base inputs and the plus
 * inputs against the canonical solution's outputs ({@link PlusJudge}), with the inputs' tuples, sets
 * and complex numbers restored as EvalPlus does and its special cases (outputs compared as sets, only
 * whether a match was returned, and the alternative readings it accepts for tasks 164, 295, 558, 581).
 */
public final class MbppPlusGrader extends PlusGrader {
    @Override
    public String name() {
        return "mbpp-plus";
    }

    @Override
    public String description() {
        return "MBPP+ (EvalPlus): the response's program against the canonical solution's outputs on the base, then the plus inputs"
                + " (correct = both pass; detail.base = the base result)";
    }

    @Override
    protected List<String> requiredFields() {
        return PlusJudge.REQUIRED;
    }

    @Override
    protected Judgement judge(Problem problem, ExtractedCode code, CodeSandbox sandbox) {
        // EvalPlus's reference program is the prompt (a docstring for MBPP+) and the canonical solution
        String prompt = ProblemData.optionalString(problem, "prompt");
        String reference = (prompt == null ? "" : prompt) + ProblemData.string(problem, "reference");
        return PlusJudge.judge(this, problem, "mbpp", code.code(), reference, sandbox);
    }
}
