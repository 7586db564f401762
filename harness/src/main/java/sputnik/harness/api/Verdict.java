package sputnik.harness.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A grader's verdict on one response. Only {@link #CORRECT} counts as solved. {@link #SANDBOX_ERROR}
 * is the harness's own failure and is reported apart, never silently as the model's.
 */
public enum Verdict {
    CORRECT,
    INCORRECT,
    TIMEOUT,
    RUNTIME_ERROR,
    COMPILE_ERROR,
    MEMORY_LIMIT,
    SANDBOX_ERROR,
    /** Not graded yet: the response is recorded and its grading deferred ({@code run --no-grade}); a verdict about nothing. */
    UNGRADED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Verdict parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public boolean correct() {
        return this == CORRECT;
    }

    /** No verdict about the response yet: the grader failed, or grading was deferred. The next run or {@code grade --pending} grades it. */
    public boolean awaitsGrading() {
        return this == SANDBOX_ERROR || this == UNGRADED;
    }
}
