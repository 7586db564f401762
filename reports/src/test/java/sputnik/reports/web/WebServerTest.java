package sputnik.reports.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.report.RunReport;
import sputnik.reports.cost.PriceBook;
import sputnik.reports.db.DbLocation;
import sputnik.reports.db.ResultsDb;
import sputnik.reports.db.ResultsQueries;
import sputnik.reports.db.RunIndexer;
import sputnik.reports.db.TestRuns;
import sputnik.reports.leaderboard.Leaderboard;

/** The pages over plain HTTP: where a response comes from when it was not indexed, escaping, HEAD. */
class WebServerTest {
    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(WebServer s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aResponseNotIndexedIsReadFromTheRunDirectoryWhileItIsThere() throws Exception {
        ResultsDb db = ResultsDb.open(DbLocation.parse(tmp.resolve("r.db").toString(), "test"));
        RunReport r = TestRuns.withThinking(TestRuns.run("x", "aime2024", "m<script>", "c", "2026-11-01T00:00:00Z", 3, 1, 1));
        Path dir = TestRuns.write(tmp.resolve("x"), r);
        RunIndexer.index(db, dir, false);
        String key = RunIndexer.runKey(dir);
        String id = java.net.URLEncoder.encode(r.samples().getFirst().sampleId(), java.nio.charset.StandardCharsets.UTF_8);
        try (WebServer s = WebServer.start(new ResultsQueries(db), "db", new Leaderboard.Pricing(PriceBook.shipped(), null, 1), "127.0.0.1", 0)) {
            String page = get(s, "/sample/" + key + "/" + id).body();
            assertThat(page).contains("From the run directory " + dir.toAbsolutePath()).contains("So the answer is \\boxed{<mark>");
            assertThat(page).doesNotContain("m<script>").contains("m&lt;script&gt;");
            Files.delete(dir.resolve("samples.jsonl"));
            assertThat(get(s, "/sample/" + key + "/" + id).body()).contains("The response text is not in the database")
                    .contains("is not on this machine");
            var head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/run/" + key))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(get(s, "/run/" + key + "/report").body()).contains("Sputnik report: aime2024");
            assertThat(get(s, "/suite/nosuch").statusCode()).isEqualTo(404);
        }
    }
}
