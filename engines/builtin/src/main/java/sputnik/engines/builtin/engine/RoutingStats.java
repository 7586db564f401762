package sputnik.engines.builtin.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a MoE model routed its tokens, from a scheduler's {@link Scheduler.Stats}: experts per token, distinct experts a
 * pass ran per layer (what batching saves: a pass reads each of them once for all its tokens), and the load of each
 * expert (tokens routed to it, per layer), whose spread shows how unevenly the router uses them.
 */
public final class RoutingStats {
    private RoutingStats() {}

    /** Tokens routed to each expert, summed over the layers of {@code load[layer][expert]} (empty for a dense model). */
    public static long[] total(long[][] load) {
        long[] t = new long[load.length == 0 ? 0 : load[0].length];
        for (long[] layer : load) for (int e = 0; e < t.length; e++) t[e] += layer[e];
        return t;
    }

    /** One line for people: experts per token, distinct per layer and pass, the busiest and quietest expert's share. */
    public static String describe(Scheduler.Stats s) {
        long[] total = s.expertLoadTotal();
        long sum = 0, max = 0, min = Long.MAX_VALUE;
        for (long v : total) {
            sum += v;
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        double even = total.length == 0 ? 0 : 100.0 / total.length;
        return String.format(Locale.ROOT, "MoE routing: %d experts per token of %d, in %d MoE layers; %.1f distinct experts per layer and pass;"
                + " busiest expert %.1f%% of the selections, quietest %.1f%% (an even spread is %.1f%% each)", s.expertsPerToken(), total.length,
                s.moeLayers(), s.distinctExpertsPerLayerPass(), sum == 0 ? 0 : 100.0 * max / sum, sum == 0 ? 0 : 100.0 * min / sum, even);
    }

    /** {@code experts_per_token}, {@code distinct_experts_per_layer_pass} and {@code expert_load} ([layer][expert]; dense layers all zeros). */
    public static Map<String, Object> json(Scheduler.Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experts_per_token", s.expertsPerToken());
        m.put("moe_layers", s.moeLayers());
        m.put("distinct_experts_per_layer_pass", s.distinctExpertsPerLayerPass());
        m.put("expert_load", s.expertLoad());
        return m;
    }
}
