package sputnik.engines.openai.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sputnik.harness.metrics.Distribution;

/**
 * The figures of one sweep point, a pure function of its requests (see {@link #of}). Definitions, as
 * in vLLM's {@code bench serve}:
 *
 * <ul>
 *   <li>duration: from the point's first request being sent to its last answer's end</li>
 *   <li>request throughput = completed requests / duration; output throughput = output tokens of
 *       completed requests / duration; total token throughput = (input + output tokens) / duration</li>
 *   <li>TTFT: to the first streamed token (reasoning included); TPOT = (e2e - TTFT) / (output tokens
 *       - 1) per request; ITL: every gap between successive streamed chunks of every request;
 *       e2e: the whole request</li>
 *   <li>goodput = requests that met every {@code --slo} objective / duration</li>
 *   <li>$/1M output tokens = $/h ÷ (output tokens/s × 3600 / 1e6)</li>
 * </ul>
 */
record LoadMetrics(
        Integer concurrency,
        String requestRate,
        int requests,
        int completed,
        int failed,
        Map<String, Integer> errors,
        double durationS,
        double requestThroughput,
        double outputThroughput,
        double totalTokenThroughput,
        long inputTokens,
        long outputTokens,
        double meanInputTokens,
        double meanOutputTokens,
        boolean tokensEstimated,
        int maxInFlight,
        @JsonInclude(JsonInclude.Include.NON_NULL) Distribution ttftMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Distribution ttftAnswerMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Distribution tpotMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Distribution itlMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Distribution e2eMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Goodput goodput,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("usd_per_1m_output_tokens") Double usdPer1mOutputTokens) {

    /** Requests that met every objective, and how many per second. */
    record Goodput(Map<String, Object> slo, int good, double requestsPerS, double fraction) {}

    static LoadMetrics of(Integer concurrency, String rate, List<LoadRequest> requests, Slo slo, Double usdPerHour) {
        double endMs = 0;
        int completed = 0, good = 0;
        long in = 0, out = 0;
        boolean estimated = false;
        Map<String, Integer> errors = new TreeMap<>();
        List<Double> ttft = new ArrayList<>(), answer = new ArrayList<>(), tpot = new ArrayList<>(), itl = new ArrayList<>(), e2e = new ArrayList<>();
        for (LoadRequest r : requests) {
            endMs = Math.max(endMs, r.endMs());
            if (!r.ok()) {
                errors.merge(r.errorKind(), 1, Integer::sum);
                continue;
            }
            completed++;
            in += r.promptTokens();
            out += r.outputTokens();
            estimated |= r.tokensEstimated();
            ttft.add(r.ttftMs());
            if (r.ttftAnswerMs() != null) answer.add(r.ttftAnswerMs());
            if (r.tpotMs() != null) tpot.add(r.tpotMs());
            for (double g : r.itlMs()) itl.add(g);
            e2e.add(r.e2eMs());
            if (slo != null && slo.met(r.ttftMs(), r.tpotMs(), r.e2eMs())) good++;
        }
        double duration = endMs / 1000;
        double per = duration > 0 ? 1 / duration : 0;
        double outputTps = out * per;
        Goodput gp = slo == null ? null : new Goodput(slo.describe(), good, good * per, requests.isEmpty() ? 0 : (double) good / requests.size());
        Double cost = usdPerHour != null && outputTps > 0 ? usdPerHour / (outputTps * 3600 / 1e6) : null;
        return new LoadMetrics(concurrency, rate, requests.size(), completed, requests.size() - completed, errors, duration,
                completed * per, outputTps, (in + out) * per, in, out, completed == 0 ? 0 : (double) in / completed,
                completed == 0 ? 0 : (double) out / completed, estimated, LoadRequest.maxInFlight(requests),
                dist(ttft), dist(answer), dist(tpot), dist(itl), dist(e2e), gp, cost);
    }

    private static Distribution dist(List<Double> v) {
        return v.isEmpty() ? null : Distribution.of(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
