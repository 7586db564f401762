package sputnik.datasets.testing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.UniqueId;
import sputnik.datasets.sandbox.Sandboxes;

/**
 * Skips each test of {@link RequiresSandbox} where no sandbox can run here, one test at a time: a test
 * method, and each invocation of a parameterized test, is reported skipped with the reason, so the
 * build's test tally counts every one of them. Classes (and a parameterized test's container) are
 * never disabled themselves: a disabled class is reported as one skipped container and its tests not
 * at all, and a class-level assumption that fails in {@code @BeforeAll} does the same.
 */
public final class SandboxCondition implements ExecutionCondition {
    /** Whether a sandbox runs, per value of -Dsputnik.sandbox.bwrap (tests set it to see the refusal). */
    private static final Map<String, Optional<String>> UNAVAILABLE = new ConcurrentHashMap<>();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String kind = UniqueId.parse(context.getUniqueId()).getLastSegment().getType();
        if (!kind.equals("method") && !kind.equals("test-template-invocation")) {
            return ConditionEvaluationResult.enabled("the sandbox is checked for each test");
        }
        String why = unavailable();
        return why == null
                ? ConditionEvaluationResult.enabled("a sandbox runs here")
                : ConditionEvaluationResult.disabled("needs the bubblewrap sandbox: " + why);
    }

    /** Why no sandbox can run here, or null when one can (found out once per JVM). */
    public static String unavailable() {
        String bwrap = System.getProperty("sputnik.sandbox.bwrap", "");
        return UNAVAILABLE.computeIfAbsent(bwrap, b -> Optional.ofNullable(Sandboxes.unavailable())).orElse(null);
    }
}
