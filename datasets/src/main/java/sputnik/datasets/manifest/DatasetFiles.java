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
 * Finds a pinned data file (a suite's, or a recorded response set's) and proves it is the pinned one.
 * Order: the data directory ({@code --data-dir} / {@code SPUTNIK_DATA}; as DIR/NAME/FILE or DIR/FILE), the
 * {@code shared} mirror beside the checkout (shared/datasets/NAME/FILE, shared/recorded/NAME/FILE), the cache
 * (~/.cache/sputnik/datasets/NAME/FILE, .../recorded/NAME/FILE), then a download into the cache unless
 * offline. Every file is checked against the pinned sha256 and record count before use; a download is
 * written to a temp file and renamed into the cache only after that check, so the cache never holds an
 * unverified file. When the file is nowhere, one line says which file is needed and every way to provide it.
 */
public final class DatasetFiles {
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);

    private DatasetFiles() {}

    /**
     * A pinned file and who needs it.
     *
     * @param owner  what needs it, for messages: "suite aime2024", "recorded set r1-distill-qwen-7b-aime2024"
     * @param folder the folder of its kind in the shared mirror and the cache: "datasets" or "recorded"
     * @param dir    its folder under a data directory, the mirror and the cache
     */
    public record Pinned(String owner, String folder, String dir, String file, String format, String sha256, int records,
            List<String> urls, String source) {}

    /** {@code home}: a suite file's folder, searched first (a suite file may sit beside its data); null for none. */
    public static Path resolve(Manifest m, SuiteContext ctx, Path home) throws UsageException, IOException {
        return resolve(new Pinned("suite " + m.name(), "datasets", m.dataDir(), m.file(), m.format(), m.sha256(), m.records(), m.urls(),
                m.source()), ctx, home);
    }

    public static Path resolve(Pinned p, SuiteContext ctx) throws UsageException, IOException {
        return resolve(p, ctx, null);
    }

    private static Path resolve(Pinned p, SuiteContext ctx, Path home) throws UsageException, IOException {
        List<Path> candidates = new ArrayList<>();
        if (home != null) candidates.add(home.resolve(p.file()));
        if (ctx.dataDir() != null) {
            candidates.add(ctx.dataDir().resolve(p.dir()).resolve(p.file()));
            candidates.add(ctx.dataDir().resolve(p.file()));
        }
        if (ctx.sharedDir() != null) candidates.add(ctx.sharedDir().resolve(p.folder()).resolve(p.dir()).resolve(p.file()));
        Path cache = cacheFolder(p, ctx);
        Path cached = cache == null ? null : cache.resolve(p.dir()).resolve(p.file());
        if (cached != null) candidates.add(cached);
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                verify(p, c);
                return c;
            }
        }
        String needs = p.owner() + " needs " + p.file() + " (sha256 " + p.sha256().substring(0, 12) + "…, " + p.records() + " records)";
        String ways = ways(p, ctx, cached);
        if (ctx.offline()) {
            throw new UsageException(needs + ", found in none of " + ways + "; --offline forbids downloading it"
                    + (p.urls().isEmpty() ? "" : " from " + p.urls().get(0)) + ": put the file in one of those places, or run without --offline");
        }
        if (p.urls().isEmpty()) {
            throw new UsageException(needs + ", found in none of " + ways + ", and there is no public copy to download ("
                    + p.source() + "): put the file in one of those places");
        }
        if (cached == null) throw new UsageException(needs + ": no cache directory to download it into; put it in " + ways);
        return download(p, cached, needs, ways);
    }

    /** The cache of the file's kind: the suite cache for datasets, its sibling "recorded" for recorded sets. */
    private static Path cacheFolder(Pinned p, SuiteContext ctx) {
        if (ctx.cacheDir() == null) return null;
        return p.folder().equals("datasets") ? ctx.cacheDir() : ctx.cacheDir().resolveSibling(p.folder());
    }

    /** Every place the file may be put, said in one breath. */
    private static String ways(Pinned p, SuiteContext ctx, Path cached) {
        List<String> ways = new ArrayList<>();
        ways.add(ctx.dataDir() != null ? "--data-dir " + ctx.dataDir() + "/" + p.dir() + "/" : "--data-dir DIR/" + p.dir() + "/ (or $SPUTNIK_DATA)");
        ways.add(ctx.sharedDir() != null ? ctx.sharedDir().resolve(p.folder()).resolve(p.dir()) + "/"
                : "a shared/" + p.folder() + "/" + p.dir() + "/ folder beside the checkout");
        if (cached != null) ways.add(cached.getParent() + "/");
        return String.join(", ", ways);
    }

    /** Checks the pinned hash and record count; the message says which file, what was expected and what to do. */
    public static void verify(Manifest m, Path file) throws UsageException, IOException {
        verify(new Pinned("suite " + m.name() + " v" + m.version(), "datasets", m.dataDir(), m.file(), m.format(), m.sha256(), m.records(),
                m.urls(), m.source()), file);
    }

    public static void verify(Pinned p, Path file) throws UsageException, IOException {
        String actual = Hashing.sha256(file);
        if (!actual.equals(p.sha256())) {
            throw new UsageException("file " + file + " has sha256 " + actual + " but " + p.owner() + " pins " + p.sha256()
                    + ": it is corrupted or another version; replace it with the pinned file"
                    + (p.urls().isEmpty() ? "" : " (" + p.urls().get(0) + ")") + " or delete it to download it again");
        }
        long records = RawRecords.read(file, p.format()).size();
        if (records != p.records()) {
            throw new UsageException("file " + file + " has " + records + " records but " + p.owner() + " expects " + p.records()
                    + ": replace it with the pinned file");
        }
    }

    private static Path download(Pinned p, Path target, String needs, String ways) throws UsageException, IOException {
        Files.createDirectories(target.getParent());
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        List<String> failures = new ArrayList<>();
        for (String url : p.urls()) {
            Path tmp = Files.createTempFile(target.getParent(), p.file() + ".", ".part");
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
                    verify(p, tmp);
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
                throw new UsageException(p.owner() + ": download of " + p.file() + " interrupted");
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        throw new UsageException(needs + ", found in none of " + ways + ", and could not download " + p.file() + " ("
                + String.join("; ", failures) + "): put the file in one of those places, or check the network");
    }
}
