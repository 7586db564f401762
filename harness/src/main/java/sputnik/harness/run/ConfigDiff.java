package sputnik.harness.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import sputnik.harness.util.Json;

/** The dotted keys ("sampling.temperature") whose values differ between two run configs. */
public final class ConfigDiff {
    private ConfigDiff() {}

    public static List<String> differingKeys(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> fa = flatten(a);
        Map<String, Object> fb = flatten(b);
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(fa.keySet());
        keys.addAll(fb.keySet());
        for (String k : keys) {
            if (!Objects.equals(fa.get(k), fb.get(k))) out.add(k + " (" + fa.get(k) + " -> " + fb.get(k) + ")");
        }
        return out;
    }

    /** Flattens through a JSON round trip so that a config read from run.json and one built in memory compare equal. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> flatten(Map<String, Object> config) {
        Map<String, Object> normalized;
        try {
            normalized = Json.MAPPER.readValue(Json.line(config), Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> out = new TreeMap<>();
        flattenInto("", normalized, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flattenInto(String prefix, Map<String, Object> m, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> sub) flattenInto(key, (Map<String, Object>) sub, out);
            else out.put(key, e.getValue());
        }
    }
}
