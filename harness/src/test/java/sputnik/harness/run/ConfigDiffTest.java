package sputnik.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.util.Json;

class ConfigDiffTest {

    private static Map<String, Object> config(double temperature, Object maxTokens) {
        Map<String, Object> sampling = new LinkedHashMap<>();
        sampling.put("temperature", temperature);
        sampling.put("top_p", 0.95);
        sampling.put("max_tokens", maxTokens);
        sampling.put("stop", List.of("</answer>"));
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("note", "recorded");
        engine.put("responses_sha256", "abc123");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("suite", "arith");
        c.put("seed", 1234);
        c.put("sampling", sampling);
        c.put("engine_config", engine);
        return c;
    }

    @Test
    void equalNestedConfigsHaveNoDifferingKeys() {
        assertThat(ConfigDiff.differingKeys(config(0.6, 4096), config(0.6, 4096))).isEmpty();
    }

    @Test
    void changedNestedValueIsNamedByItsDottedKeyWithBothValues() {
        assertThat(ConfigDiff.differingKeys(config(0.6, 4096), config(1.0, 4096)))
                .containsExactly("sampling.temperature (0.6 -> 1.0)");
    }

    @Test
    void everyDifferingKeyIsReportedInKeyOrder() {
        Map<String, Object> b = config(1.0, 8192);
        b.put("suite", "gsm8k");

        assertThat(ConfigDiff.differingKeys(config(0.6, 4096), b)).containsExactly(
                "sampling.max_tokens (4096 -> 8192)", "sampling.temperature (0.6 -> 1.0)", "suite (arith -> gsm8k)");
    }

    @Test
    void keyOnlyInTheFirstConfigIsReported() {
        Map<String, Object> a = config(0.6, 4096);
        a.put("grader", "integer");

        assertThat(ConfigDiff.differingKeys(a, config(0.6, 4096))).containsExactly("grader (integer -> null)");
    }

    @Test
    void nestedKeyOnlyInTheSecondConfigIsReported() {
        Map<String, Object> b = config(0.6, 4096);
        @SuppressWarnings("unchecked")
        Map<String, Object> sampling = (Map<String, Object>) b.get("sampling");
        sampling.put("top_k", 20);

        assertThat(ConfigDiff.differingKeys(config(0.6, 4096), b)).containsExactly("sampling.top_k (null -> 20)");
    }

    @Test
    void changedListIsReported() {
        Map<String, Object> b = config(0.6, 4096);
        @SuppressWarnings("unchecked")
        Map<String, Object> sampling = (Map<String, Object>) b.get("sampling");
        sampling.put("stop", List.of("</answer>", "\n\n"));

        assertThat(ConfigDiff.differingKeys(config(0.6, 4096), b)).singleElement().asString().startsWith("sampling.stop (");
    }

    @Test
    void integerAndLongOfTheSameNumberAreNotADifference() {
        assertThat(ConfigDiff.differingKeys(config(0.6, 4096), config(0.6, 4096L))).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void configReadBackFromJsonEqualsTheOneBuiltInMemory() throws Exception {
        Map<String, Object> inMemory = config(0.6, 4096L);
        inMemory.put("seed", 1234L);
        Map<String, Object> readBack = Json.MAPPER.readValue(Json.pretty(inMemory), Map.class);

        assertThat(readBack.get("seed")).isInstanceOf(Integer.class);
        assertThat(ConfigDiff.differingKeys(readBack, inMemory)).isEmpty();
        assertThat(ConfigDiff.differingKeys(inMemory, readBack)).isEmpty();
    }
}
