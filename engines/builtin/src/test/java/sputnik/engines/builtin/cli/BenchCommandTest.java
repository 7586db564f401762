package sputnik.engines.builtin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.builtin.SharedModels;

/** {@code sputnik bench} and {@code sputnik generate}'s figures, through the real CLI. */
class BenchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void benchWritesOneRowPerTestInLlamaBenchsFieldNames() throws Exception {
        String model = SharedModels.model("tiny-qwen3moe-q8_0").toString();
        Path csv = tmp.resolve("bench.csv");
        TokenizeCommandTest.Result r = TokenizeCommandTest.run("bench", "-m", model, "-p", "16", "-n", "4", "-t", "1,2", "-b", "1,3", "-r", "2",
                "-o", "json", "--csv", csv.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertThat(rows).hasSize(8); // (pp16, tg4) x (1, 3 sequences) x (1, 2 threads)
        for (JsonNode row : rows) {
            for (String field : List.of("model_filename", "n_threads", "n_prompt", "n_gen", "n_ubatch", "type_k", "avg_ns", "avg_ts", "stddev_ts",
                    "samples_ts", "samples_ns", "n_seq", "weights_gb_per_s", "triad_gb_per_s", "pct_of_triad")) {
                assertThat(row.has(field)).as(field).isTrue();
            }
            assertThat(row.get("avg_ts").asDouble()).isPositive();
            assertThat(row.get("samples_ts")).hasSize(2);
            assertThat(row.get("n_prompt").asInt() == 16 ^ row.get("n_gen").asInt() == 4).isTrue();
            // the routing histogram: 16 experts; each timed token routed to 4 of them in each of the 3 MoE layers
            long routed = 0;
            for (JsonNode e : row.get("expert_load")) routed += e.asLong();
            assertThat(row.get("expert_load")).hasSize(16);
            long tokens = 2L * row.get("n_seq").asInt() * (row.get("n_gen").asInt() > 0 ? row.get("n_gen").asInt() : row.get("n_prompt").asInt());
            assertThat(routed).as(row.get("test").asText()).isEqualTo(tokens * 4 * 3);
        }
        assertThat(rows.get(0).get("test").asText()).isEqualTo("pp16");
        assertThat(rows.get(3).get("n_seq").asInt()).isEqualTo(3);
        assertThat(rows.get(3).get("n_threads").asInt()).isEqualTo(1);
        assertThat(rows.get(7).get("n_threads").asInt()).isEqualTo(2);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).contains("n_prompt", "n_gen", "n_threads", "avg_ts", "stddev_ts", "n_seq");
        assertThat(r.err()).contains("KV cache:", "bytes per token");
    }

    @Test
    void badFlagsAreUsageErrors() {
        String model = SharedModels.model("tiny-qwen3moe-q8_0").toString();
        TokenizeCommandTest.Result format = TokenizeCommandTest.run("bench", "-m", model, "-o", "xml");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("-o must be md, json or csv");
        TokenizeCommandTest.Result batch = TokenizeCommandTest.run("bench", "-m", model, "-b", "0");
        assertThat(batch.exit()).isEqualTo(2);
        assertThat(batch.err()).contains("-b must be at least 1");
    }

    @Test
    void oneGeneratedTokenHasNoDecodeRateAndSaysSo() throws Exception {
        String model = SharedModels.model("tiny-qwen2-q8_0").toString();
        TokenizeCommandTest.Result r = TokenizeCommandTest.run("generate", "--model", model, "--prompt", "Hello", "--max-tokens", "1", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("NaN").contains("no decode step to time").contains("KV cache f16");
        JsonNode j = new ObjectMapper().readTree(r.lastLine());
        assertThat(j.get("tokens")).hasSize(1);
        assertThat(j.get("decode_tokens_per_s").isNull()).isTrue();
        assertThat(j.get("prefill_tokens_per_s").asDouble()).isPositive();
        assertThat(j.get("kv_bytes_per_token").asLong()).isPositive();
    }
}
