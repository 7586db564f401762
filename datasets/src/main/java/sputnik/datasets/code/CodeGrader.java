package sputnik.datasets.code;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Judgement;
import sputnik.datasets.sandbox.Program;
import sputnik.datasets.sandbox.SandboxLimits;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.GradingContext;
import sputnik.harness.api.Problem;
import sputnik.harness.api.UsageException;
import sputnik.harness.api.Verdict;
import sputnik.harness.util.Hashing;

/**
 * The shared part of the code graders: extract the program from the response, run it in the
 * sandbox ({@link #judge}), and turn the sandbox's finding into a grade. The vote key (for cons@k) is
 * a hash of the extracted program with trailing white space removed, so identical programs vote
 * together; a response with no program has none.
 */
public abstract class CodeGrader implements Grader {
    private volatile CodeSandbox sandbox;
    private volatile ReferenceTimes references;
    private volatile Map<String, Object> settings = Map.of();

    @Override
    public synchronized void configure(GradingContext context) throws UsageException {
        if (sandbox != null) sandbox.close();
        sandbox = CodeSandbox.open(context.workers(), context.unsafeNoSandbox(), SandboxLimits.defaults());
        references = new ReferenceTimes(ReferenceTimeCache.inUserCache(), sandbox.interpreter());
        Map<String, Object> s = new LinkedHashMap<>(sandbox.settings());
        s.putAll(timeLimits().settings());
        settings = Map.copyOf(s);
    }

    @Override
    public Map<String, Object> settings() {
        return settings;
    }

    protected abstract TimeLimits timeLimits();

    /** The data fields every problem must have for this grader (the tests, and what they call). */
    protected abstract List<String> requiredFields();

    @Override
    public String ungradable(Problem problem) {
        for (String field : requiredFields()) {
            Object v = problem.data().get(field);
            if (v == null || v instanceof String str && str.isBlank() || v instanceof List<?> l && l.isEmpty()) {
                return "it has no '" + field + "' (its tests and the code they call come from a code suite's data): grade it with"
                        + " --suite and that suite's problem ids";
            }
        }
        return null;
    }

    /** Runs the extracted program against the problem's tests. */
    protected abstract Judgement judge(Problem problem, ExtractedCode code, CodeSandbox sandbox);

    /** The problem's reference solution {@code program}, checked by {@code job}, whose time a limit may be based on. */
    ReferenceTimes.Reference reference(Problem problem, Program program, CodeSandbox.TestJob job, CodeSandbox sandbox) {
        return references.of(problem.id(), program, job, sandbox);
    }

    @Override
    public Grade grade(Problem problem, Completion completion) {
        CodeSandbox sb = sandbox;
        if (sb == null) {
            try {
                configure(GradingContext.defaults());
            } catch (UsageException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            sb = sandbox;
        }
        ExtractedCode code = CodeExtractor.extract(completion);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rule", code.rule());
        detail.put("truncated", code.truncated());
        if (!sb.isolated()) detail.put("sandbox", "none (unsafe)");
        if (!code.found()) {
            detail.put("reason", "the thinking block never closed: no final answer");
            return new Grade(Verdict.INCORRECT, null, null, detail);
        }
        Judgement j = judge(problem, code, sb);
        detail.putAll(j.detail());
        return new Grade(j.verdict(), code.code(), voteKey(code.code()), detail);
    }

    static String voteKey(String code) {
        String normalized = code.strip().replaceAll("[ \\t]+(?=\\n|$)", "");
        return Hashing.sha256(normalized).substring(0, 16);
    }

    @Override
    public synchronized void close() {
        if (sandbox != null) sandbox.close();
        sandbox = null;
    }
}
