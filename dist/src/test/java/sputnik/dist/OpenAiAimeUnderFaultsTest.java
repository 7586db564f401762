package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.openai.mock.MockServer;
import sputnik.engines.openai.mock.MockServer.Fault;
import sputnik.engines.openai.mock.MockServer.ReasoningStyle;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.registry.Plugins;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Hashing;
import sputnik.harness.util.Json;

/**
 * The issue's robustness bar, on the real AIME 2024 data: a 30-problem x 4-sample run against a server
 * that faults 20% of its requests (429 with retry-after-ms and with Retry-After, 500, error events
 * mid-stream, dropped connections, streams that just end) finishes with all 120 samples, none twice,
 * and the same responses and verdicts as a run against the same server without faults.
 */
class OpenAiAimeUnderFaultsTest {
    @TempDir
    Path tmp;

    private static final Fault[] KINDS = {Fault.RATE_LIMIT, Fault.RATE_LIMIT_SECONDS, Fault.SERVER_ERROR, Fault.STREAM_ERROR, Fault.CUT,
        Fault.EARLY_END};

    /** 1 in 5 attempts faulted, the kind and whether chosen from a hash of the body and the attempt: deterministic, whatever the order. */
    static Fault fault(JsonNode request, int attempt) {
        long h = Long.parseUnsignedLong(Hashing.sha256(request.toString() + "#" + attempt).substring(0, 15), 16);
        if (h % 5 != 0) return Fault.NONE;
        return KINDS[(int) ((h / 5) % KINDS.length)];
    }

    /** The model: right on two samples in three, reasoning sent in each of the three ways. */
    static MockServer.Responder responder(Map<String, String> answers) {
        return req -> {
            String question = req.at("/messages/0/content").asText();
            String answer = answers.get(question);
            long seed = req.get("seed").asLong();
            int given = seed % 3 == 0 ? (Integer.parseInt(answer) + 1) % 1000 : Integer.parseInt(answer);
            ReasoningStyle style = ReasoningStyle.values()[(int) (seed % 3)];
            return new MockServer.Reply("First I restate the problem. Then I compute carefully, step by step, until done.",
                    "So the answer is $\\boxed{" + given + "}$.", style);
        };
    }

    private static Map<String, JsonNode> samples(Path dir) throws Exception {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("samples.jsonl"))) {
            JsonNode n = Json.MAPPER.readTree(line);
            assertThat(byId.put(n.get("sample_id").asText(), n)).as("duplicate " + n.get("sample_id")).isNull();
        }
        return byId;
    }

    private Cli run(MockServer server, Path data, Path out) {
        return Cli.run("run", "--suite", "aime2024", "--data-dir", data.toString(), "--offline", "--engine", "openai",
                "--base-url", server.baseUrl().toString(), "--model", "mock-model", "--samples", "4", "--concurrency", "8",
                "--max-retries", "10", "--retry-backoff-ms", "10", "--no-response-cache", "--out", out.toString());
    }

    @Test
    void aFaultyServerGivesTheSameRunAsAGoodOne() throws Exception {
        Path data = SharedData.datasets();
        Suite suite = Plugins.suites().get("aime2024").provider().load("aime2024", new SuiteContext(data, tmp.resolve("cache"), true, null));
        assertThat(suite.problems()).hasSize(30);
        Map<String, String> answers = new HashMap<>();
        for (Problem p : suite.problems()) answers.put(((Prompt.Chat) p.prompt()).messages().getLast().content(), p.answer());

        Map<String, JsonNode> faulty, clean;
        try (MockServer server = MockServer.start(0, MockServer.Settings.defaults(), responder(answers), OpenAiAimeUnderFaultsTest::fault, true)) {
            Cli r = run(server, data, tmp.resolve("faulty"));
            assertThat(r.exit()).as(r.err()).isZero();
            faulty = samples(tmp.resolve("faulty"));
            int attempts = server.seen.size();
            assertThat(server.faultsTotal()).as("about 20% of %d requests faulted", attempts).isBetween(attempts / 10, attempts * 3 / 10);
            for (Fault k : KINDS) assertThat(server.faults(k)).as(k.name()).isPositive();
            StringBuilder counts = new StringBuilder();
            for (Fault k : KINDS) counts.append(' ').append(k.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(server.faults(k));
            System.out.println("aime2024 under faults: " + server.faultsTotal() + " of " + attempts + " requests faulted:" + counts);
            assertThat(server.completions()).as("one full answer per sample, and no more").isEqualTo(120);
        }
        assertThat(tmp.resolve("faulty/errors.jsonl")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
        try (MockServer server = MockServer.start(0, MockServer.Settings.defaults(), responder(answers), null, true)) {
            Cli r = run(server, data, tmp.resolve("clean"));
            assertThat(r.exit()).as(r.err()).isZero();
            clean = samples(tmp.resolve("clean"));
        }
        assertThat(faulty).hasSize(120);
        assertThat(faulty.keySet()).containsExactlyInAnyOrderElementsOf(clean.keySet());
        int correct = 0;
        for (String id : clean.keySet()) {
            JsonNode a = faulty.get(id), b = clean.get(id);
            for (String f : List.of("verdict", "extracted", "response", "reasoning", "finish_reason", "completion_tokens", "prompt_tokens")) {
                assertThat(a.get(f)).as(id + " " + f).isEqualTo(b.get(f));
            }
            assertThat(a.get("reasoning").asText()).startsWith("First I restate");
            assertThat(a.get("response").asText()).doesNotContain("<think>").doesNotContain("</think>");
            if (b.get("verdict").asText().equals("correct")) correct++;
        }
        assertThat(correct).as("the verdicts are not all alike").isBetween(60, 100);
        JsonNode sa = Json.MAPPER.readTree(tmp.resolve("faulty/summary.json").toFile()), sb = Json.MAPPER.readTree(tmp.resolve("clean/summary.json").toFile());
        for (String f : List.of("pass_at_1", "pass_at_k", "cons_at_k", "verdicts", "per_problem")) assertThat(sa.get(f)).as(f).isEqualTo(sb.get(f));
    }
}
