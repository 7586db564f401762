package sputnik.datasets.code;

import java.util.List;
import java.util.Map;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Judgement;
import sputnik.harness.api.Problem;

/**
 * HumanEval+ (EvalPlus): the program is assembled from the prompt and the response as for HumanEval
 * ({@link HumanEvalGrader#assemble}), then judged on the base inputs and the plus inputs against the
 * canonical solution's outputs ({@link PlusJudge}), with EvalPlus's float tolerance and its special
 * case for find_zero (any root within atol).
 */
public final class HumanEvalPlusGrader extends PlusGrader {
    @Override
    public String name() {
        return "humaneval-plus";
    }

    @Override
    public String description() {
        return "HumanEval+ (EvalPlus): prompt + the response's code against the canonical solution's outputs on the base, then the plus"
                + " inputs (correct = both pass; detail.base = the base result)";
    }

    @Override
    protected List<String> requiredFields() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("prompt"), PlusJudge.REQUIRED.stream()).toList();
    }

    @Override
    protected Judgement judge(Problem problem, ExtractedCode code, CodeSandbox sandbox) {
        String prompt = ProblemData.string(problem, "prompt");
        HumanEvalGrader.Assembled solution = HumanEvalGrader.assemble(prompt, code.code(), ProblemData.string(problem, "entry_point"));
        String reference = prompt + ProblemData.string(problem, "reference");
        return PlusJudge.judge(this, problem, "humaneval", solution.program(), reference, sandbox)
                .with(Map.of("assembled", solution.how()));
    }
}
