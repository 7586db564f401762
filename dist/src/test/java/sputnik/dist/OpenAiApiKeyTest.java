package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.openai.mock.MockServer;

/**
 * The API key is read from the environment, sent to the server, and written nowhere: not in the run
 * directory (run.json, samples, summary, errors, reports), the response cache, the load test's files
 * or anything printed. The CLI runs in a child process so that the key really is an environment variable.
 */
class OpenAiApiKeyTest {
    @TempDir
    Path tmp;

    private static Process start(Path log, String key, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "sputnik.harness.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPUTNIK_TEST_KEY", key);
        pb.environment().put("XDG_CACHE_HOME", log.getParent().resolve("xdg").toString());
        return pb.start();
    }

    @Test
    void theKeyIsSentAndNeverWritten() throws Exception {
        String key = "sk-sputnik-" + UUID.randomUUID();
        try (MockServer server = MockServer.start(0, MockServer.Settings.defaults().withApiKey(key),
                req -> new MockServer.Reply("thinking", "\\boxed{7}", null), null, true)) {
            Path run = tmp.resolve("run");
            Process p = start(tmp.resolve("run.log"), key, "run", "--suite", "arith", "--limit", "5", "--samples", "2", "--engine", "openai",
                    "--base-url", server.baseUrl().toString(), "--api-key-env", "SPUTNIK_TEST_KEY", "--concurrency", "4", "--out", run.toString());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("run.log"))).isIn(0, 1);
            assertThat(Files.readAllLines(run.resolve("samples.jsonl"))).hasSize(10);

            Cli report = Cli.run("report", run.toString());
            assertThat(report.exit()).as(report.err()).isZero();
            assertThat(report.out()).doesNotContain(key);

            Process lt = start(tmp.resolve("loadtest.log"), key, "loadtest", "--base-url", server.baseUrl().toString(), "--api-key-env",
                    "SPUTNIK_TEST_KEY", "--num-prompts", "4", "--input-len", "8", "--output-len", "4", "--out", tmp.resolve("lt").toString());
            assertThat(lt.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(lt.exitValue()).as(Files.readString(tmp.resolve("loadtest.log"))).isZero();

            assertThat(server.seen).isNotEmpty().allSatisfy(s -> assertThat(s.authorization()).isEqualTo("Bearer " + key));
        }
        assertThat(tmp.resolve("xdg/sputnik/responses")).as("the response cache was used").isDirectory();
        assertThat(tmp.resolve("run/report.html")).exists();
        List<Path> files;
        try (Stream<Path> all = Files.walk(tmp)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files.size()).isGreaterThan(15);
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(text).as(f.toString()).doesNotContain(key);
        }
    }
}
