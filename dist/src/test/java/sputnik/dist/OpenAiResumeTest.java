package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.openai.mock.MockServer;
import sputnik.harness.util.Json;

/**
 * Requests that still fail after their retries are errors, not wrong answers; running the command
 * again does them, and the run directory ends with every sample once. The response cache means the
 * samples done the first time are not asked for again even in a fresh directory.
 */
class OpenAiResumeTest {
    @TempDir
    Path tmp;

    private Cli run(MockServer server, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--suite", "arith", "--limit", "6", "--samples", "2", "--engine", "openai",
                "--base-url", server.baseUrl().toString(), "--max-retries", "1", "--retry-backoff-ms", "1", "--response-cache",
                tmp.resolve("cache").toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void failedSamplesAreErrorsAndTheNextRunDoesThem() throws Exception {
        MockServer.Responder answer = req -> new MockServer.Reply(null, "\\boxed{1}", null);
        Path out = tmp.resolve("run");
        java.util.concurrent.atomic.AtomicBoolean flaky = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (MockServer server = MockServer.start(0, MockServer.Settings.defaults(), answer,
                (r, a) -> flaky.get() && r.get("seed").asLong() % 3 == 0 ? MockServer.Fault.SERVER_ERROR : MockServer.Fault.NONE, true)) {
            Cli first = run(server, out);
            assertThat(first.exit()).as(first.err()).isEqualTo(1);
            List<String> errors = Files.readAllLines(out.resolve("errors.jsonl"));
            int done = Files.readAllLines(out.resolve("samples.jsonl")).size();
            assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e).contains("HTTP 500").contains("gave up after 2 attempts"));
            assertThat(done + errors.size()).isEqualTo(12);
            assertThat(server.completions()).isEqualTo(done);

            flaky.set(false);
            Cli second = run(server, out);
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(server.completions()).as("only the failed samples are asked for again").isEqualTo(12);
            Cli fresh = run(server, tmp.resolve("elsewhere"));
            assertThat(fresh.exit()).as(fresh.err()).isZero();
            assertThat(server.completions()).as("a new directory is answered from the response cache").isEqualTo(12);
            assertThat(Files.readAllLines(tmp.resolve("elsewhere/samples.jsonl"))).hasSize(12);
        }
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) assertThat(ids.add(Json.MAPPER.readTree(line).get("sample_id").asText())).isTrue();
        assertThat(ids).hasSize(12);
        // the endpoint is recorded but not compared: a server restarted on another port finished the run
        com.fasterxml.jackson.databind.JsonNode manifest = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertThat(manifest.at("/environment/engine/base_url").asText()).startsWith("http://127.0.0.1:").endsWith("/v1");
        assertThat(manifest.at("/config/engine_config").toString()).isEqualTo("{\"api\":\"chat\",\"extra_body\":{}}");
        assertThat(manifest.at("/config/model").asText()).isEqualTo("mock-model");
    }
}
