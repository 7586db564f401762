package sputnik.harness.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.ErrorRecord;
import sputnik.harness.record.PromptRecord;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.record.SampleRecords;
import sputnik.harness.util.AtomicFiles;
import sputnik.harness.util.Json;

/**
 * A run's directory: run.json (config and sessions, rewritten atomically), samples.jsonl (finished
 * samples, append-only), prompts.jsonl (each distinct prompt sent, once, append-only; samples name it by
 * its SHA-256), errors.jsonl (failed requests, append-only) and summary.json (derived from samples.jsonl,
 * rewritten atomically).
 */
public final class RunDirectory {
    public static final String RUN_JSON = "run.json";
    public static final String SAMPLES = "samples.jsonl";
    public static final String ERRORS = "errors.jsonl";
    public static final String PROMPTS = "prompts.jsonl";
    public static final String SUMMARY = "summary.json";

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path samplesFile() {
        return dir.resolve(SAMPLES);
    }

    public Path errorsFile() {
        return dir.resolve(ERRORS);
    }

    public Path promptsFile() {
        return dir.resolve(PROMPTS);
    }

    /** The prompts this run recorded, by SHA-256 (empty for a run made before prompts.jsonl existed). */
    public Map<String, PromptRecord> readPrompts() throws IOException, UsageException {
        Map<String, PromptRecord> out = new LinkedHashMap<>();
        if (!Files.exists(promptsFile())) return out;
        for (PromptRecord r : JsonlLog.read(promptsFile(), PromptRecord.class)) out.putIfAbsent(r.sha256(), r);
        return out;
    }

    public boolean hasManifest() {
        return Files.exists(dir.resolve(RUN_JSON));
    }

    /** For commands that read a finished run: fails with a clear line if this is not a run directory. */
    public static RunDirectory existing(Path dir) throws UsageException {
        RunDirectory rd = new RunDirectory(dir);
        if (!Files.isDirectory(dir)) throw new UsageException("run directory " + dir + " does not exist");
        if (!rd.hasManifest()) throw new UsageException(dir + " is not a run directory (no " + RUN_JSON + "): give the --out directory of a 'sputnik run'");
        return rd;
    }

    public RunManifest readManifest() throws IOException, UsageException {
        Path p = dir.resolve(RUN_JSON);
        try {
            return Json.MAPPER.readValue(p.toFile(), RunManifest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException(p + " is not valid (" + e.getOriginalMessage() + "): restore it or start over with --fresh");
        }
    }

    public void writeManifest(RunManifest m) throws IOException {
        AtomicFiles.write(dir.resolve(RUN_JSON), Json.pretty(m));
    }

    /** The records that count, one per sample (see {@link SampleRecords#effective}). */
    public List<SampleRecord> readSamples() throws IOException, UsageException {
        return SampleRecords.effective(readAllSamples());
    }

    /** Every line of samples.jsonl as written, superseded records included. */
    public List<SampleRecord> readAllSamples() throws IOException, UsageException {
        return JsonlLog.read(samplesFile(), SampleRecord.class);
    }

    public List<ErrorRecord> readErrors() throws IOException, UsageException {
        return JsonlLog.read(errorsFile(), ErrorRecord.class);
    }

    public void writeSummary(Summary s) throws IOException {
        AtomicFiles.write(dir.resolve(SUMMARY), Json.pretty(s));
    }

    /**
     * Moves an earlier run's files into {@code previous/<time>/} so that {@code --fresh} starts over
     * without destroying anything already recorded.
     */
    public Path archivePrevious() throws IOException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path target = dir.resolve("previous").resolve(stamp);
        Files.createDirectories(target);
        for (String name : List.of(RUN_JSON, SAMPLES, PROMPTS, ERRORS, SUMMARY)) {
            Path f = dir.resolve(name);
            if (Files.exists(f)) Files.move(f, target.resolve(name));
        }
        return target;
    }

    /** Held while a run writes here: two processes appending to one samples.jsonl would repeat work. */
    public final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    public Lock lock() throws IOException, UsageException {
        Path file = dir.resolve(".lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new UsageException(dir + " is being written by another sputnik run right now: wait for it, or use another --out");
        }
        return new Lock(ch, l);
    }

    /** Checks that a resumed run asks for the same thing; names every differing key otherwise. */
    public static void requireSameConfig(Path dir, Map<String, Object> recorded, Map<String, Object> requested) throws UsageException {
        List<String> diff = ConfigDiff.differingKeys(recorded, requested);
        if (!diff.isEmpty()) {
            throw new UsageException(dir + " holds a run with a different config: " + String.join(", ", diff)
                    + "; use another --out, or --fresh to start over (the old files are kept under previous/)");
        }
    }
}
