package sputnik.datasets.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Hashing;

/**
 * Finds a manifest's data file and proves it is the pinned one. Order: the data directory
 * ({@code --data-dir} / {@code SPUTNIK_DATA}; as DIR/NAME/FILE or DIR/FILE), then the cache
 * (~/.cache/sputnik/datasets/NAME/FILE), then a download into the cache unless offline. Every file is
 * checked against the pinned sha256 and record count before use; a download is written to a temp file
 * and renamed into the cache only after that check, so the cache never holds an unverified file.
 */
public final class DatasetFiles {
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);

    private DatasetFiles() {}

    public static Path resolve(Manifest m, SuiteContext ctx) throws UsageException, IOException {
        List<Path> candidates = new ArrayList<>();
        if (ctx.dataDir() != null) {
            candidates.add(ctx.dataDir().resolve(m.dataDir()).resolve(m.file()));
            candidates.add(ctx.dataDir().resolve(m.file()));
        }
        Path cached = ctx.cacheDir() == null ? null : ctx.cacheDir().resolve(m.name()).resolve(m.file());
        if (cached != null) candidates.add(cached);
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                verify(m, p);
                return p;
            }
        }
        String looked = candidates.isEmpty() ? "no data directory or cache was given" : "looked in " + candidates;
        if (ctx.offline()) {
            throw new UsageException("suite " + m.name() + ": " + m.file() + " not found (" + looked
                    + ") and --offline forbids downloading it: put it in --data-dir DIR/" + m.dataDir() + "/");
        }
        if (m.urls().isEmpty()) {
            throw new UsageException("suite " + m.name() + ": " + m.file() + " not found (" + looked
                    + ") and there is no public copy to download (" + m.source() + "): put it in --data-dir DIR/" + m.dataDir() + "/");
        }
        if (cached == null) throw new UsageException("suite " + m.name() + ": no cache directory to download into; use --data-dir");
        return download(m, cached);
    }

    /** Checks the pinned hash and record count; the message says which file, what was expected and what to do. */
    public static void verify(Manifest m, Path file) throws UsageException, IOException {
        String actual = Hashing.sha256(file);
        if (!actual.equals(m.sha256())) {
            throw new UsageException("dataset file " + file + " has sha256 " + actual + " but suite " + m.name() + " v" + m.version()
                    + " pins " + m.sha256() + ": it is corrupted or another version; replace it with the pinned file"
                    + (m.urls().isEmpty() ? "" : " (" + m.urls().get(0) + ")") + " or delete it to download it again");
        }
        long records = countRecords(m, file);
        if (records != m.records()) {
            throw new UsageException("dataset file " + file + " has " + records + " records but suite " + m.name() + " expects "
                    + m.records() + ": replace it with the pinned file");
        }
    }

    static long countRecords(Manifest m, Path file) throws IOException, UsageException {
        return RawRecords.read(file, m.format()).size();
    }

    private static Path download(Manifest m, Path target) throws UsageException, IOException {
        Files.createDirectories(target.getParent());
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        List<String> failures = new ArrayList<>();
        for (String url : m.urls()) {
            Path tmp = Files.createTempFile(target.getParent(), m.file() + ".", ".part");
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(DOWNLOAD_TIMEOUT).GET().build();
                HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = resp.body()) {
                    if (resp.statusCode() != 200) {
                        failures.add(url + ": HTTP " + resp.statusCode());
                        continue;
                    }
                    Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                try {
                    verify(m, tmp);
                } catch (UsageException e) {
                    failures.add(url + ": the downloaded file does not match the pinned sha256/record count");
                    continue;
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            } catch (IOException e) {
                failures.add(url + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UsageException("suite " + m.name() + ": download interrupted");
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        throw new UsageException("suite " + m.name() + ": could not download " + m.file() + " (" + String.join("; ", failures)
                + "): download it yourself and pass --data-dir, or check the network");
    }
}
