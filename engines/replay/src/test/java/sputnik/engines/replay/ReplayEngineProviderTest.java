package sputnik.engines.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineContext;
import sputnik.harness.api.EngineProvider;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Request;
import sputnik.harness.api.Sampling;
import sputnik.harness.api.UsageException;

class ReplayEngineProviderTest {

    private static final EngineContext CONTEXT = new EngineContext(null, Duration.ofSeconds(30), 4);
    private static final String CONTENT = "{\"problem_id\":\"p1\",\"response\":\"The answer is 4.\"}\n"
            + "{\"problem_id\":\"p1\",\"response\":\"The answer is 5.\"}\n";

    @TempDir
    Path dir;

    private Path responses() throws Exception {
        Path f = dir.resolve("demo.jsonl");
        Files.writeString(f, CONTENT);
        return f;
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void isNamedReplay() {
        ReplayEngineProvider p = new ReplayEngineProvider();

        assertThat(p.name()).isEqualTo("replay");
        assertThat(p.description()).isNotBlank();
    }

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(ReplayEngineProvider.class);
    }

    @Test
    void openWithoutResponsesIsAUsageException() {
        assertThatThrownBy(() -> new ReplayEngineProvider().open(CONTEXT))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--responses");
    }

    @Test
    void openWithNegativeDelayIsAUsageException() throws Exception {
        ReplayEngineProvider p = new ReplayEngineProvider();
        p.responses = responses().toString();
        p.delayMs = -1;

        assertThatThrownBy(() -> p.open(CONTEXT)).isInstanceOf(UsageException.class).hasMessageContaining("--replay-delay-ms");
    }

    @Test
    void openWithAMissingFileIsAUsageException() {
        ReplayEngineProvider p = new ReplayEngineProvider();
        p.responses = dir.resolve("absent.jsonl").toString();

        assertThatThrownBy(() -> p.open(CONTEXT)).isInstanceOf(UsageException.class).hasMessageContaining("absent.jsonl");
    }

    @Test
    void openedEngineReplaysTheFile() throws Exception {
        ReplayEngineProvider p = new ReplayEngineProvider();
        p.responses = responses().toString();

        try (Engine e = p.open(CONTEXT)) {
            Sampling sampling = new Sampling(0, 1, 0, 100, 0, List.of());
            assertThat(e.generate(new Request("s:p1#1", "p1", 1, Prompt.user("2+2?"), sampling)).text())
                    .isEqualTo("The answer is 5.");
            assertThat(e.model()).isEqualTo("replay:demo.jsonl");
        }
    }

    @Test
    void configRecordsTheFileNameAndItsSha256() throws Exception {
        ReplayEngineProvider p = new ReplayEngineProvider();
        p.responses = responses().toString();

        Map<String, Object> config = p.config(CONTEXT);

        assertThat(config).containsEntry("responses_file", "demo.jsonl")
                .containsEntry("responses_sha256", sha256(CONTENT))
                .containsKey("note");
    }

    @Test
    void configChangesWhenTheFileDoes() throws Exception {
        ReplayEngineProvider p = new ReplayEngineProvider();
        p.responses = responses().toString();
        Object before = p.config(CONTEXT).get("responses_sha256");
        Files.writeString(Path.of(p.responses), CONTENT + "{\"problem_id\":\"p2\",\"response\":\"7\"}\n");

        assertThat(p.config(CONTEXT).get("responses_sha256")).isNotEqualTo(before).isEqualTo(sha256(Files.readString(Path.of(p.responses))));
    }

    @Test
    void configWithoutAFileHasNullEntries() {
        Map<String, Object> config = new ReplayEngineProvider().config(CONTEXT);

        assertThat(config).containsEntry("responses_file", null).containsEntry("responses_sha256", null);
    }

    @Test
    void configDoesNotDependOnTheDelay() throws Exception {
        ReplayEngineProvider a = new ReplayEngineProvider();
        a.responses = responses().toString();
        ReplayEngineProvider b = new ReplayEngineProvider();
        b.responses = a.responses;
        b.delayMs = 250;

        assertThat(b.config(CONTEXT)).isEqualTo(a.config(CONTEXT));
    }

    @Test
    void optionsAreBoundByPicocli() throws Exception {
        ReplayEngineProvider p = new ReplayEngineProvider();
        Path f = responses();

        new CommandLine(p).parseArgs("--responses", f.toString(), "--replay-delay-ms", "12");

        assertThat(p.responses).isEqualTo(f.toString());
        assertThat(p.delayMs).isEqualTo(12);
    }

    @Test
    void delayDefaultsToZero() {
        ReplayEngineProvider p = new ReplayEngineProvider();

        new CommandLine(p).parseArgs();

        assertThat(p.delayMs).isZero();
        assertThat(p.responses).isNull();
    }
}
