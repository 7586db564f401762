package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.openai.mock.MockServer;
import sputnik.harness.util.Json;

/**
 * `run --engine openai` over three replicas, one failing 30% of its requests and one killed mid-run:
 * the run completes with every sample once, each sample's answer and verdict the same as from one
 * healthy endpoint, and the per-replica counts are reported.
 */
class ReplicasRunTest {
    @TempDir
    Path tmp;

    /** The answer depends on the request only (its seed), never on the replica. */
    static final MockServer.Responder ANSWER = req -> new MockServer.Reply(null, "so it is \\boxed{" + (req.get("seed").asLong() % 5) + "}", null);

    private List<String> args(Path out, List<MockServer> servers) {
        List<String> a = new ArrayList<>(List.of("run", "--suite", "arith", "--limit", "40", "--samples", "3", "--engine", "openai",
                "--concurrency", "6", "--max-retries", "8", "--retry-backoff-ms", "1", "--no-response-cache", "--out", out.toString()));
        for (MockServer s : servers) a.addAll(List.of("--base-url", s.baseUrl().toString()));
        return a;
    }

    private static Map<String, String> verdicts(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("samples.jsonl"))) {
            JsonNode n = Json.MAPPER.readTree(line);
            assertThat(out.put(n.get("sample_id").asText(), n.get("response").asText() + " -> " + n.get("verdict").asText())).as("once").isNull();
        }
        return out;
    }

    @Test
    void aRunOverReplicasLosesNothingAndDependsOnNoReplica() throws Exception {
        Map<String, String> single;
        try (MockServer one = MockServer.start(0, MockServer.Settings.defaults(), ANSWER, (r, a) -> MockServer.Fault.NONE, false)) {
            Cli c = Cli.run(args(tmp.resolve("one"), List.of(one)).toArray(String[]::new));
            assertThat(c.exit()).as(c.err()).isZero();
            single = verdicts(tmp.resolve("one"));
        }
        AtomicInteger flakyCount = new AtomicInteger();
        MockServer healthy = MockServer.start(0, MockServer.Settings.defaults().withTiming(2, 0), ANSWER, (r, a) -> MockServer.Fault.NONE, false);
        MockServer flaky = MockServer.start(0, MockServer.Settings.defaults().withTiming(2, 0), ANSWER,
                (r, a) -> flakyCount.getAndIncrement() % 10 % 3 == 1 ? MockServer.Fault.SERVER_ERROR : MockServer.Fault.NONE, false); // 3 in 10
        MockServer doomed = MockServer.start(0, MockServer.Settings.defaults().withTiming(2, 0), ANSWER, (r, a) -> MockServer.Fault.NONE, false);
        Thread killer = Thread.ofVirtual().start(() -> {
            while (doomed.completions() < 15) Thread.onSpinWait();
            doomed.close(); // killed mid-run
        });
        Cli c;
        // The engine's notes go to the process's stderr, as they do from ./sputnik.
        java.io.ByteArrayOutputStream engineNotes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(engineNotes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            c = Cli.run(args(tmp.resolve("three"), List.of(healthy, flaky, doomed)).toArray(String[]::new));
            killer.join(30_000);
        } finally {
            System.setErr(stderr);
            healthy.close();
            flaky.close();
            doomed.close();
        }
        String notes = engineNotes.toString(java.nio.charset.StandardCharsets.UTF_8);
        System.err.print(notes);
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(verdicts(tmp.resolve("three"))).hasSize(120).isEqualTo(single);
        assertThat(notes).contains("replicas (attempts include retries");
        List<String> rows = notes.lines().filter(l -> l.startsWith("  http://")).toList();
        assertThat(rows).hasSize(3);
        String[] flakyRow = rows.get(1).trim().split("\\s+");
        assertThat(Long.parseLong(flakyRow[3])).as("the flaky replica's failed attempts").isPositive();
        String[] doomedRow = rows.get(2).trim().split("\\s+");
        assertThat(Integer.parseInt(doomedRow[4])).as("the killed replica was taken out").isPositive();
        assertThat(Files.readString(tmp.resolve("three").resolve("run.json"))).contains(healthy.baseUrl().toString()).contains(doomed.baseUrl().toString());
    }
}
