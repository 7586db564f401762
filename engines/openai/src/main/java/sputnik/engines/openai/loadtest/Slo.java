package sputnik.engines.openai.loadtest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import sputnik.harness.api.UsageException;

/**
 * Service-level objectives for goodput, as vLLM's {@code --goodput}: a request is good when every
 * objective given holds: TTFT, TPOT and end-to-end latency at most the given milliseconds. A request
 * with a single output token has no TPOT and meets a TPOT objective.
 */
record Slo(Double ttftMs, Double tpotMs, Double e2eMs) {

    /** Parses {@code ttft:500,tpot:50[,e2e:10000]} (e2el is accepted for e2e, as vLLM spells it). */
    static Slo parse(String spec) throws UsageException {
        if (spec == null || spec.isBlank()) return null;
        Double ttft = null, tpot = null, e2e = null;
        for (String part : spec.split(",")) {
            String[] kv = part.strip().split(":", 2);
            if (kv.length != 2) throw new UsageException("--slo wants NAME:MS pairs such as ttft:500,tpot:50, got '" + part.strip() + "'");
            double v;
            try {
                v = Double.parseDouble(kv[1].strip());
            } catch (NumberFormatException e) {
                throw new UsageException("--slo: '" + kv[1].strip() + "' is not a number of milliseconds");
            }
            if (!(v > 0)) throw new UsageException("--slo: " + kv[0].strip() + " must be > 0 ms, got " + kv[1].strip());
            switch (kv[0].strip().toLowerCase(Locale.ROOT)) {
                case "ttft" -> ttft = v;
                case "tpot" -> tpot = v;
                case "e2e", "e2el" -> e2e = v;
                default -> throw new UsageException("--slo: unknown objective '" + kv[0].strip() + "'; use ttft, tpot or e2e");
            }
        }
        return new Slo(ttft, tpot, e2e);
    }

    boolean met(double ttft, Double tpot, double e2e) {
        return (ttftMs == null || ttft <= ttftMs) && (tpotMs == null || tpot == null || tpot <= tpotMs) && (e2eMs == null || e2e <= e2eMs);
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (ttftMs != null) m.put("ttft_ms", ttftMs);
        if (tpotMs != null) m.put("tpot_ms", tpotMs);
        if (e2eMs != null) m.put("e2e_ms", e2eMs);
        return m;
    }
}
