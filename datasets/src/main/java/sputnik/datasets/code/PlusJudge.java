package sputnik.datasets.code;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Judgement;
import sputnik.datasets.sandbox.Program;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Verdict;

/**
 * EvalPlus's two results on one solution, as its harness gets them: the base inputs (the original
 * dataset's tests), then the plus inputs in a run of their own, each with its own time limit. The
 * verdict is the plus result, "base + extra tests": correct only when both pass (a solution that fails
 * the base inputs is not run on the plus ones, as that cannot make it correct); {@code detail.base}
 * keeps the base result, which the reports show beside it. Both runs judge the expected outputs of the
 * reference solution, computed in the tester sandbox ({@link PlusCheck}).
 */
final class PlusJudge {
    static final TimeLimits LIMITS = new TimeLimits(3000, 10, "for the base inputs of a problem, and again for its plus inputs");
    static final List<String> REQUIRED = List.of("entry_point", "reference", "base_inputs");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PlusJudge() {}

    /** Why the problem cannot be graded beyond a missing field, or null (see {@link CodeGrader#ungradable}). */
    static String ungradable(Problem problem) {
        String entry = ProblemData.optionalString(problem, "entry_point");
        if (entry != null && !IDENTIFIER.matcher(entry).matches()) {
            return "its entry_point '" + entry + "' is not a Python name: fix the suite's data";
        }
        return null;
    }

    /**
     * Judges the program {@code solutionSource} against the problem's base inputs and then its plus
     * inputs; {@code referenceSource} is the reference solution's program (whose outputs are expected,
     * and whose time may set the limits), {@code dataset} "humaneval" or "mbpp".
     */
    static Judgement judge(CodeGrader grader, Problem problem, String dataset, String solutionSource, String referenceSource,
            CodeSandbox sandbox) {
        String entry = ProblemData.string(problem, "entry_point");
        Program solution = PlusCheck.program(solutionSource, entry);
        Program reference = PlusCheck.program(referenceSource, entry);
        Object atol = problem.data().getOrDefault("atol", 0);
        int task = "mbpp".equals(dataset) ? taskNumber(problem.id()) : 0;
        List<?> base = inputs(problem, "base_inputs");
        List<?> plus = inputs(problem, "plus_inputs");
        CodeSandbox.TestJob baseJob = PlusCheck.job(dataset, task, entry, referenceSource, base, atol, "base");
        Judgement b = run(grader, problem, solution, reference, baseJob, sandbox);
        if (b.verdict() == Verdict.SANDBOX_ERROR) return b;
        Map<String, Object> both = new LinkedHashMap<>(); // the base result beside the verdict, and the inputs of each
        both.put("base", b.verdict().wire());
        both.put("base_inputs", base.size());
        both.put("plus_inputs", plus.size());
        if (b.verdict() != Verdict.CORRECT) return b.with(Map.of("failed_on", "base")).with(both);
        if (plus.isEmpty()) return b.with(both);
        CodeSandbox.TestJob plusJob = PlusCheck.job(dataset, task, entry, referenceSource, plus, atol, "plus");
        Judgement p = run(grader, problem, solution, reference, plusJob, sandbox);
        if (p.verdict() == Verdict.SANDBOX_ERROR) return p;
        if (p.verdict() != Verdict.CORRECT) both.put("failed_on", "plus");
        if (b.detail().get("time_limit_ms") != null) both.put("base_time_limit_ms", b.detail().get("time_limit_ms"));
        return p.with(both);
    }

    private static Judgement run(CodeGrader grader, Problem problem, Program solution, Program reference, CodeSandbox.TestJob job,
            CodeSandbox sandbox) {
        return LIMITS.judge(limit -> sandbox.check(solution, job, limit), grader.reference(problem, reference, job, sandbox));
    }

    /**
     * A problem's inputs: a list of argument lists. A missing field or an empty map is no inputs
     * (MBPP+ v0.2.0's Mbpp/793 has {} for its plus inputs, which EvalPlus iterates as none).
     */
    static List<?> inputs(Problem problem, String key) {
        Object v = problem.data().get(key);
        if (v == null || v instanceof Map<?, ?> m && m.isEmpty()) return List.of();
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException("problem " + problem.id() + ": '" + key + "' is not a list of inputs");
        return l;
    }

    /** MBPP+ ids are "Mbpp/N": EvalPlus's input types depend on N. */
    static int taskNumber(String id) {
        String n = id.substring(id.lastIndexOf('/') + 1);
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("problem " + id + ": an MBPP+ id should end in its task number, as Mbpp/2 does");
        }
    }
}
