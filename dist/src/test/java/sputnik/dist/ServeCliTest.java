package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.builtin.ScriptedModels;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Json;

/**
 * {@code sputnik serve} as a process: {@code run --engine openai} against it gives what {@code run --engine builtin}
 * gives, and SIGTERM during a streamed request lets it finish (or cuts it after the grace period) and exits 0.
 */
class ServeCliTest {
    private static final Pattern READY = Pattern.compile("ready: (http://\\S+/v1)");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Process process;
    private Thread reader; // reads the process's stderr into stderr
    private final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;

    @AfterEach
    void kill() {
        if (process != null) process.destroyForcibly();
    }

    /** Starts {@code sputnik serve} on a free port and returns its base URL once it is ready. */
    private String serve(String... args) throws Exception {
        List<String> cmd = Cli.command(Stream.concat(Stream.of("serve", "--port", "0", "--threads", "1", "--kv-memory", "256M"), Stream.of(args))
                .toArray(String[]::new));
        process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stderr.add(line);
                    Matcher m = READY.matcher(line);
                    if (m.find()) url.complete(m.group(1));
                }
            } catch (IOException e) {
                // the process ended
            }
            url.complete(null);
        });
        String base = url.get(120, TimeUnit.SECONDS);
        assertThat(base).as(String.join("\n", stderr)).isNotNull();
        return base;
    }

    /** SIGTERM, leaving the pipes open ({@code Process.destroy()} would close them first, losing what the server says as it stops). */
    private void sigterm() {
        assertThat(process.toHandle().destroy()).isTrue();
    }

    private HttpResponse<Stream<String>> stream(String base, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/completions")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    private static Path model(String name) {
        Path m = SharedData.root().resolve("models").resolve(name + ".gguf");
        assumeTrue(Files.isRegularFile(m), m + " is absent: sputnik serve's process tests are skipped");
        return m;
    }

    /**
     * The same suite, seeds and greedy sampling through the server and through the engine in-process: the same verdicts,
     * token counts and responses, sample by sample (a sequence's tokens do not depend on what shares its batch).
     */
    @Test
    void runThroughTheServerMatchesTheBuiltinEngine() throws Exception {
        Path tiny = model("tiny-qwen3moe-q8_0");
        String data = SharedData.datasets().toString();
        String base = serve("--model", tiny.toString());
        String[] common = {"--suite", "aime2024", "--data-dir", data, "--offline", "--limit", "2", "--samples", "3", "--max-tokens", "24",
            "--temperature", "0", "--seed", "11", "--concurrency", "6"};
        Cli viaServer = Cli.run(Stream.concat(Stream.of("run", "--engine", "openai", "--base-url", base, "--no-response-cache", "--out", dir.resolve("served").toString()),
                Stream.of(common)).toArray(String[]::new));
        assertThat(viaServer.exit()).as(viaServer.err()).isZero();
        Cli direct = Cli.run(Stream.concat(Stream.of("run", "--engine", "builtin", "--model", tiny.toString(), "--threads", "1", "--out",
                dir.resolve("direct").toString()), Stream.of(common)).toArray(String[]::new));
        assertThat(direct.exit()).as(direct.err()).isZero();
        List<JsonNode> a = samples(dir.resolve("served")), b = samples(dir.resolve("direct"));
        assertThat(a).hasSize(6);
        assertThat(b).hasSize(6);
        for (int i = 0; i < a.size(); i++) {
            for (String f : new String[] {"sample_id", "seed", "response", "completion_tokens", "prompt_tokens", "finish_reason", "verdict", "extracted"}) {
                assertThat(a.get(i).get(f)).as("%s of %s", f, a.get(i).get("sample_id")).isEqualTo(b.get(i).get(f));
            }
        }
    }

    private static List<JsonNode> samples(Path run) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("samples.jsonl"))) out.add(Json.MAPPER.readTree(line));
        out.sort(java.util.Comparator.comparing(n -> n.get("sample_id").asText()));
        return out;
    }

    @Test
    void sigtermLetsAStreamFinishThenExitsZero() throws Exception {
        Path scripted = ScriptedModels.write(dir.resolve("scripted.gguf"), "Two and two.</think>\n\nThe answer is \\boxed{4}.");
        String base = serve("--model", scripted.toString(), "--grace", "60");
        HttpResponse<Stream<String>> r = stream(base, "{\"prompt\": \"x\", \"max_tokens\": 200, \"temperature\": 0, \"ignore_eos\": true, \"stream\": true}");
        Iterator<String> lines = r.body().iterator();
        assertThat(lines.next()).startsWith("data: ");
        sigterm();
        List<String> rest = new ArrayList<>();
        lines.forEachRemaining(rest::add);
        assertThat(rest).contains("data: [DONE]");
        assertThat(rest.stream().filter(l -> l.contains("\"finish_reason\":\"length\"")).count()).isEqualTo(1);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(process.exitValue()).as(String.join("\n", stderr)).isZero();
        assertThat(stderr).anyMatch(l -> l.contains("stopping")).anyMatch(l -> l.contains("stopped"));
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/models")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void sigtermCutsAStreamThatOutlastsTheGracePeriod() throws Exception {
        Path scripted = ScriptedModels.write(dir.resolve("scripted.gguf"), "Two and two.</think>\n\nThe answer is \\boxed{4}.");
        String base = serve("--model", scripted.toString(), "--grace", "0", "--context", "100000");
        HttpResponse<Stream<String>> r = stream(base, "{\"prompt\": \"x\", \"max_tokens\": 90000, \"temperature\": 0, \"ignore_eos\": true, \"stream\": true}");
        Iterator<String> lines = r.body().iterator();
        assertThat(lines.next()).startsWith("data: ");
        sigterm();
        List<String> rest = new ArrayList<>();
        lines.forEachRemaining(rest::add);
        assertThat(rest).doesNotContain("data: [DONE]");
        assertThat(rest.stream().filter(l -> l.startsWith("data: {\"error\"")).toList()).singleElement().asString().contains("\"code\":\"server_shutdown\"");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", stderr)).isZero();
    }
}
