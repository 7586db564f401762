package sputnik.datasets.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import sputnik.harness.api.Verdict;

/** A sandbox's finding on one program: the verdict and how it was reached (JSON-serializable detail). */
public record Judgement(Verdict verdict, Map<String, Object> detail) {
    public Judgement {
        detail = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }

    public static Judgement of(Verdict v, Object... keyValues) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Judgement(v, d);
    }

    public static Judgement sandboxError(String reason) {
        return of(Verdict.SANDBOX_ERROR, "reason", reason);
    }

    /** This judgement with more detail (existing keys win). */
    public Judgement with(Map<String, Object> more) {
        Map<String, Object> d = new LinkedHashMap<>(more);
        d.putAll(detail);
        return new Judgement(verdict, d);
    }
}
