package sputnik.datasets.code;

import java.util.List;
import java.util.regex.Pattern;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Judgement;
import sputnik.datasets.sandbox.Program;
import sputnik.harness.api.Problem;

/**
 * HumanEval: the program is the prompt (signature, docstring, helper functions) followed by the
 * response's code, which is either the body that continues the prompt or a whole definition of the
 * entry point (then it replaces the prompt's stub). The dataset's {@code check(candidate)} runs in
 * the tester sandbox, with the prompt's own helpers (so a candidate cannot redefine the helpers the
 * tests use), and calls the candidate across the boundary. Time limit: max(3 s, 10 x the canonical
 * solution's time) of CPU time for the whole check ({@link TimeLimits}).
 */
public final class HumanEvalGrader extends CodeGrader {
    static final TimeLimits LIMITS = new TimeLimits(3000, 10, "for the whole check of a problem");

    @Override
    public String name() {
        return "humaneval";
    }

    @Override
    public String description() {
        return "HumanEval: prompt + the response's code, check(candidate) run in a separate sandbox (correct = every assert passes)";
    }

    @Override
    protected TimeLimits timeLimits() {
        return LIMITS;
    }

    @Override
    protected List<String> requiredFields() {
        return List.of("prompt", "test", "entry_point");
    }

    @Override
    protected Judgement judge(Problem problem, ExtractedCode code, CodeSandbox sandbox) {
        String prompt = ProblemData.string(problem, "prompt");
        String test = ProblemData.string(problem, "test");
        String entryPoint = ProblemData.string(problem, "entry_point");
        String reference = ProblemData.optionalString(problem, "reference");
        Assembled solution = assemble(prompt, code.code(), entryPoint);
        CodeSandbox.TestJob job = CodeSandbox.TestJob.check(stubbed(prompt), test, entryPoint);
        Judgement j = LIMITS.judge(limit -> sandbox.check(Program.of(solution.program()), job, limit),
                reference == null ? null : reference(problem, Program.of(prompt + reference), job, sandbox));
        return j.with(java.util.Map.of("assembled", solution.how()));
    }

    /** The program to run, and how it was made from the prompt ({@code detail.assembled}). */
    record Assembled(String program, String how) {}

    /**
     * The prompt followed by the response's code: the body that continues the prompt, or a whole
     * definition of the entry point, which then replaces the prompt's stub.
     */
    static Assembled assemble(String prompt, String code, String entryPoint) {
        return definesFunction(code, entryPoint)
                ? new Assembled(stubbed(prompt) + "\n" + code, "prompt_plus_function")
                : new Assembled(prompt + code, "prompt_plus_body");
    }

    /**
     * The prompt on its own (the tests' prelude, or before a whole definition that replaces its stub)
     * gets a body for the stub: "pass" after the docstring, or as its only statement.
     */
    private static String stubbed(String prompt) {
        return prompt + "    pass\n";
    }

    static boolean definesFunction(String code, String name) {
        return Pattern.compile("(?m)^(async\\s+)?def\\s+" + Pattern.quote(name) + "\\s*\\(").matcher(code).find();
    }
}
