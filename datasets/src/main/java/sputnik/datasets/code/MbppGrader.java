package sputnik.datasets.code;

import java.util.List;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Judgement;
import sputnik.datasets.sandbox.Program;
import sputnik.harness.api.Problem;

/**
 * MBPP (full and sanitized): the response's code is the whole program. The dataset's asserts run in
 * the tester sandbox; every name an assert uses that the program defines is called across the
 * boundary, so results are compared as plain data there. {@code imports} (sanitized: test_imports)
 * run on both sides, as MBPP's harness runs them before the code; {@code setup} (full: test_setup_code,
 * which builds objects from the solution's classes) runs after the code in the candidate's sandbox.
 * Time limit: max(3 s, 10 x the reference solution's time) of CPU time for all the asserts of a problem
 * ({@link TimeLimits}).
 */
public final class MbppGrader extends CodeGrader {
    static final TimeLimits LIMITS = new TimeLimits(3000, 10, "for all the asserts of a problem");

    @Override
    public String name() {
        return "mbpp";
    }

    @Override
    public String description() {
        return "MBPP: the response's program, its asserts run in a separate sandbox (correct = every assert passes)";
    }

    @Override
    protected TimeLimits timeLimits() {
        return LIMITS;
    }

    @Override
    protected List<String> requiredFields() {
        return List.of("tests");
    }

    @Override
    protected Judgement judge(Problem problem, ExtractedCode code, CodeSandbox sandbox) {
        String imports = ProblemData.optionalString(problem, "imports");
        String setup = ProblemData.optionalString(problem, "setup");
        String reference = ProblemData.optionalString(problem, "reference");
        CodeSandbox.TestJob job = CodeSandbox.TestJob.asserts(imports, ProblemData.strings(problem, "tests"));
        return LIMITS.judge(limit -> sandbox.check(new Program(code.code(), imports, setup), job, limit),
                reference == null ? null : reference(problem, new Program(reference, imports, setup), job, sandbox));
    }
}
