package sputnik.reports.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dollars from a run's usage. Hardware: the InferenceX formula, $/1M output tokens = $/h ÷ (output
 * tokens/s × 3600 / 1e6), with $/h = price per device-hour × devices. API: input tokens at the
 * cache-miss price (the run cannot know what the server cached: an upper bound) plus output tokens,
 * reasoning included, at the output price. Every result carries the inputs it was computed from.
 */
public final class CostModel {
    private CostModel() {}

    /** What a run used: totals over all its samples, and its wall time (sum of its sessions). */
    public record Usage(int samples, int problems, double passAt1, long inputTokens, long outputTokens, double wallSeconds) {
        public double outputTokensPerSecond() {
            return wallSeconds > 0 ? outputTokens / wallSeconds : Double.NaN;
        }
    }

    /**
     * @param usdPer1mOutput    dollars per million output tokens
     * @param outputTokensPerUsd output tokens one dollar buys
     * @param runUsd            the whole run
     * @param usdPerSolved      expected dollars per correct answer: cost of a sample / pass@1
     * @param accuracyPerUsd    pass@1 per dollar of one attempt at every problem
     */
    public record Cost(String basis, @JsonProperty("usd_per_1m_output_tokens") double usdPer1mOutput, double outputTokensPerUsd, double runUsd,
            double usdPerSolved, @JsonProperty("pass_at_1_per_usd") double accuracyPerUsd, Map<String, Object> inputs) {}

    public static Cost hardware(String name, PriceBook.Hardware h, int devices, Usage u) {
        double usdPerHour = h.usdPerDeviceHour() * devices;
        double tps = u.outputTokensPerSecond();
        double per1m = usdPerHour / (tps * 3600 / 1e6);
        double run = usdPerHour * u.wallSeconds() / 3600;
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("hardware", name);
        in.put("usd_per_device_hour", h.usdPerDeviceHour());
        in.put("devices", devices);
        in.put("usd_per_hour", usdPerHour);
        in.put("output_tokens_per_second", tps);
        in.put("wall_seconds", u.wallSeconds());
        in.put("formula", "usd_per_1m_output = usd_per_hour / (output_tokens_per_second * 3600 / 1e6); run_usd = usd_per_hour * wall_seconds / 3600");
        in.put("price_source", h.source());
        return finish("hardware " + name + " x" + devices, per1m, run, u, in);
    }

    public static Cost api(String name, PriceBook.Api a, Usage u) {
        double run = u.inputTokens() * a.inputCacheMissUsdPerM() / 1e6 + u.outputTokens() * a.outputUsdPerM() / 1e6;
        double per1m = u.outputTokens() > 0 ? run / u.outputTokens() * 1e6 : Double.NaN;
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("api", name);
        in.put("input_tokens", u.inputTokens());
        in.put("output_tokens", u.outputTokens());
        in.put("input_usd_per_m", a.inputCacheMissUsdPerM());
        in.put("output_usd_per_m", a.outputUsdPerM());
        in.put("formula", "run_usd = input_tokens * input_usd_per_m / 1e6 + output_tokens * output_usd_per_m / 1e6 (all input billed as cache miss); "
                + "usd_per_1m_output = run_usd / output_tokens * 1e6 (input included)");
        in.put("price_source", a.source());
        return finish("api " + name, per1m, run, u, in);
    }

    private static Cost finish(String basis, double per1m, double run, Usage u, Map<String, Object> in) {
        double perSample = u.samples() > 0 ? run / u.samples() : Double.NaN;
        double perSolved = u.passAt1() > 0 ? perSample / u.passAt1() : Double.NaN;
        double accPerUsd = perSample > 0 ? u.passAt1() / (perSample * u.problems()) : Double.NaN;
        in.put("samples", u.samples());
        in.put("problems", u.problems());
        in.put("pass_at_1", u.passAt1());
        in.put("derived", "usd_per_solved = run_usd / samples / pass_at_1; accuracy_per_usd = pass_at_1 / (run_usd / samples * problems)");
        return new Cost(basis, per1m, per1m > 0 ? 1e6 / per1m : Double.NaN, run, perSolved, accPerUsd, in);
    }
}
