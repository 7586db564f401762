package sputnik.datasets.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Hashing;

/** Resolution order, pinned-hash checks and verified downloads, against a local HTTP server. */
class DatasetFilesTest {
    @TempDir
    Path tmp;

    private static final String GOOD = "{\"id\": 1, \"problem\": \"What is 1+1?\", \"answer\": \"2\"}\n"
            + "{\"id\": 2, \"problem\": \"What is 2+2?\", \"answer\": \"004\"}\n";

    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private String serve(Map<String, String> bodies) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            String body = bodies.get(ex.getRequestURI().getPath());
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
            if (body != null) ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static Manifest manifest(String sha256, int records, List<String> urls) {
        return new Manifest("toy", "1", "toy suite", "toy.jsonl", null, "jsonl", sha256, records, urls, "made up for a test", "none",
                Map.of("id", "id", "problem", "problem", "answer", "answer"), Map.of(), List.of(), null, null, Map.of(),
                Map.of("r1", new PromptTemplate("chat", "{{problem}}")), "integer", Map.of(),
                new Manifest.Defaults(0.6, 0.95, 0, 100, 1), List.of(), null, "test");
    }

    private static String sha(String s) {
        return Hashing.sha256(s);
    }

    private SuiteContext ctx(Path dataDir, boolean offline) {
        return new SuiteContext(dataDir, tmp.resolve("cache"), offline, null);
    }

    @Test
    void theDataDirectoryComesFirstInEitherLayout() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("toy"));
        Files.writeString(data.resolve("toy").resolve("toy.jsonl"), GOOD);
        assertThat(DatasetFiles.resolve(manifest(sha(GOOD), 2, List.of()), ctx(data, true), null)).isEqualTo(data.resolve("toy/toy.jsonl"));
        Path flat = tmp.resolve("flat");
        Files.createDirectories(flat);
        Files.writeString(flat.resolve("toy.jsonl"), GOOD);
        assertThat(DatasetFiles.resolve(manifest(sha(GOOD), 2, List.of()), ctx(flat, true), null)).isEqualTo(flat.resolve("toy.jsonl"));
    }

    @Test
    void aCorruptedFileIsRefusedNamingItAndBothHashes() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        String corrupted = GOOD.replace("2+2", "2+3");
        Files.writeString(data.resolve("toy.jsonl"), corrupted);

        assertThatThrownBy(() -> DatasetFiles.resolve(manifest(sha(GOOD), 2, List.of()), ctx(data, true), null))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(data.resolve("toy.jsonl").toString())
                .hasMessageContaining("has sha256 " + sha(corrupted))
                .hasMessageContaining("pins " + sha(GOOD))
                .hasMessageContaining("replace it");
    }

    @Test
    void aWrongRecordCountIsRefused() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/toy.jsonl"), GOOD);
        assertThatThrownBy(() -> DatasetFiles.resolve(manifest(sha(GOOD), 3, List.of()), ctx(tmp.resolve("data"), true), null))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("has 2 records but suite toy expects 3");
    }

    @Test
    void offlineWithoutTheFileSaysWhereItLookedAndWhatToDo() {
        assertThatThrownBy(() -> DatasetFiles.resolve(manifest(sha(GOOD), 2, List.of("http://127.0.0.1:9/x")), ctx(tmp.resolve("none"), true), null))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--offline forbids downloading")
                .hasMessageContaining("--data-dir");
    }

    @Test
    void aDownloadIsVerifiedThenCachedAndTheCacheIsUsedNextTime() throws Exception {
        String base = serve(Map.of("/toy.jsonl", GOOD));
        Manifest m = manifest(sha(GOOD), 2, List.of(base + "/toy.jsonl"));

        Path got = DatasetFiles.resolve(m, ctx(null, false), null);

        assertThat(got).isEqualTo(tmp.resolve("cache/toy/toy.jsonl"));
        assertThat(Files.readString(got)).isEqualTo(GOOD);
        assertThat(DatasetFiles.resolve(m, ctx(null, false), null)).isEqualTo(got);
        assertThat(hits.get()).isEqualTo(1);
    }

    @Test
    void aBadDownloadLeavesNothingInTheCacheAndTheNextMirrorIsTried() throws Exception {
        String base = serve(Map.of("/bad.jsonl", GOOD.replace("004", "4"), "/good.jsonl", GOOD));
        Manifest onlyBad = manifest(sha(GOOD), 2, List.of(base + "/missing.jsonl", base + "/bad.jsonl"));

        assertThatThrownBy(() -> DatasetFiles.resolve(onlyBad, ctx(null, false), null))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("does not match the pinned sha256");
        try (Stream<Path> left = Files.walk(tmp.resolve("cache"))) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }

        Manifest withGood = manifest(sha(GOOD), 2, List.of(base + "/bad.jsonl", base + "/good.jsonl"));
        assertThat(Files.readString(DatasetFiles.resolve(withGood, ctx(null, false), null))).isEqualTo(GOOD);
    }

    @Test
    void anUnreachableMirrorIsAClearError() {
        Manifest m = manifest(sha(GOOD), 2, List.of("http://127.0.0.1:9/toy.jsonl"));
        assertThatThrownBy(() -> DatasetFiles.resolve(m, ctx(null, false), null))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("could not download toy.jsonl")
                .hasMessageContaining("--data-dir");
    }

    @Test
    void aSuiteWithNoPublicCopyAsksForTheFile() {
        assertThatThrownBy(() -> DatasetFiles.resolve(manifest(sha(GOOD), 2, List.of()), ctx(null, false), null))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no public copy to download")
                .hasMessageContaining("--data-dir DIR/toy/");
    }

    @Test
    void recordsMapToProblemsAndBadRecordsNameTheirLine() throws Exception {
        Path f = tmp.resolve("toy.jsonl");
        Files.writeString(f, GOOD);
        Manifest m = manifest(sha(GOOD), 2, List.of());
        var problems = RecordReader.read(m, f, m.prompts().get("r1"));
        assertThat(problems).extracting(p -> p.id()).containsExactly("1", "2");
        assertThat(problems.get(1).answer()).isEqualTo("004");
        assertThat(problems.get(1).prompt().display()).contains("What is 2+2?");

        Files.writeString(f, GOOD + "{\"id\": 3, \"problem\": \"x\"}\n");
        assertThatThrownBy(() -> RecordReader.read(m, f, m.prompts().get("r1")))
                .hasMessageContaining(f + " line 3 has no field \"answer\"");
        Files.writeString(f, GOOD + "{\"id\": 1, \"problem\": \"x\", \"answer\": \"1\"}\n");
        assertThatThrownBy(() -> RecordReader.read(m, f, m.prompts().get("r1"))).hasMessageContaining("appears twice");
        Files.writeString(f, GOOD + "{oops\n");
        assertThatThrownBy(() -> RecordReader.read(m, f, m.prompts().get("r1"))).hasMessageContaining(f + " line 3 is not valid JSON");
    }

    @Test
    void everyShippedManifestIsComplete() {
        for (Manifest m : BuiltinSuites.all()) {
            assertThat(m.sha256()).as(m.name()).matches("[0-9a-f]{64}");
            assertThat(m.records()).as(m.name()).isPositive();
            assertThat(m.fields()).as(m.name()).containsKeys("id", "problem");
            assertThat(m.prompts()).as(m.name()).isNotEmpty();
            assertThat(m.grader()).as(m.name()).isNotBlank();
            assertThat(m.defaults().samples()).as(m.name()).isPositive();
            assertThat(m.protocol()).as(m.name()).isNotBlank();
            m.urls().forEach(u -> assertThat(u).startsWith("https://"));
        }
    }
}
