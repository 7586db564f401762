package sputnik.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.api.UsageException;
import sputnik.harness.record.ErrorRecord;
import sputnik.harness.util.Json;

class JsonlLogTest {

    @TempDir
    Path dir;

    private static ErrorRecord record(int i) {
        return new ErrorRecord("arith:p" + i + "#0", "p" + i, i, "timeout after 30 s: \"quoted\"\nsecond line", "2025-01-0" + (i % 9 + 1) + "T00:00:00Z");
    }

    private static String line(int i) {
        return Json.line(record(i)) + "\n";
    }

    /** Ctrl-C and timeouts interrupt threads that may be writing: that must not close the log for the others. */
    @Test
    void anInterruptedWriterDoesNotCloseTheLog() throws Exception {
        Path file = dir.resolve("log.jsonl");
        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, true)) {
            Thread.currentThread().interrupt();
            try {
                log.append(record(1));
            } finally {
                Thread.interrupted();
            }
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    log.append(record(2));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            other.join();
            log.append(record(3));
        }
        assertThat(JsonlLog.read(file, ErrorRecord.class)).containsExactly(record(1), record(2), record(3));
    }

    @Test
    void appendedRecordsReadBackEqual() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            log.append(record(1));
            log.append(record(2));
        }

        assertThat(JsonlLog.read(file, ErrorRecord.class)).containsExactly(record(1), record(2));
    }

    @Test
    void eachRecordIsOneSnakeCaseJsonLine() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, true)) {
            log.append(record(1));
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("{").endsWith("}").contains("\"sample_id\":\"arith:p1#0\"", "\"sample_index\":1");
    }

    @Test
    void reopeningAppendsAfterEarlierRecords() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            log.append(record(1));
        }
        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            log.append(record(2));
        }

        assertThat(JsonlLog.read(file, ErrorRecord.class)).containsExactly(record(1), record(2));
    }

    @Test
    void openCreatesAMissingFile() throws Exception {
        Path file = dir.resolve("new.jsonl");
        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            assertThat(log.path()).isEqualTo(file);
            assertThat(log.type()).isEqualTo(ErrorRecord.class);
        }

        assertThat(file).exists().isEmptyFile();
    }

    @Test
    void readingAMissingFileGivesNoRecords() throws Exception {
        assertThat(JsonlLog.read(dir.resolve("absent.jsonl"), ErrorRecord.class)).isEmpty();
    }

    @Test
    void openDropsATornLastLineAndAppendsOnAFreshLine() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        String whole = line(1) + line(2);
        String torn = line(3).substring(0, line(3).length() / 2);
        Files.writeString(file, whole + torn);

        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            assertThat(Files.readString(file)).isEqualTo(whole);
            log.append(record(4));
        }

        assertThat(Files.readString(file)).isEqualTo(whole + line(4));
        assertThat(JsonlLog.read(file, ErrorRecord.class)).containsExactly(record(1), record(2), record(4));
    }

    @Test
    void openDropsAFileThatIsOnlyATornLine() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        Files.writeString(file, "{\"sample_id\":\"arith:p1");

        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            log.append(record(1));
        }

        assertThat(Files.readString(file)).isEqualTo(line(1));
    }

    @Test
    void openDropsACompleteLookingRecordWithoutItsNewline() throws Exception {
        // The newline is part of the single write: without it the write did not finish.
        Path file = dir.resolve("errors.jsonl");
        Files.writeString(file, line(1) + Json.line(record(2)));

        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            assertThat(Files.readString(file)).isEqualTo(line(1));
        }
    }

    @Test
    void openLeavesAFileEndingInANewlineAsItIs() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        Files.writeString(file, line(1) + line(2));

        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            assertThat(Files.readString(file)).isEqualTo(line(1) + line(2));
        }
    }

    @Test
    void openFindsTheLastNewlineBeyondOneReadBuffer() throws Exception {
        // A torn tail longer than the 8 KiB scan buffer.
        Path file = dir.resolve("errors.jsonl");
        String torn = "{\"sample_id\":\"" + "x".repeat(20_000);
        Files.writeString(file, line(1) + torn);

        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            log.append(record(2));
        }

        assertThat(Files.readString(file)).isEqualTo(line(1) + line(2));
    }

    @Test
    void readIgnoresATornTailWithoutModifyingTheFile() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        String content = line(1) + line(2) + "{\"sample_id\":\"arith:p3#0\",\"probl";
        Files.writeString(file, content);

        assertThat(JsonlLog.read(file, ErrorRecord.class)).containsExactly(record(1), record(2));
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void readSkipsBlankLines() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        Files.writeString(file, line(1) + "\n   \n" + line(2));

        assertThat(JsonlLog.read(file, ErrorRecord.class)).containsExactly(record(1), record(2));
    }

    @Test
    void malformedCompleteLineInTheMiddleIsAUsageExceptionNamingFileAndLine() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        String content = line(1) + "\n" + "{\"sample_id\": oops}\n" + line(2);
        Files.writeString(file, content);

        assertThatThrownBy(() -> JsonlLog.read(file, ErrorRecord.class))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3 ");
        assertThat(Files.readString(file)).as("the file is left untouched").isEqualTo(content);
    }

    @Test
    void openDoesNotDiscardAMalformedCompleteLine() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        String content = line(1) + "not json\n" + line(2);
        Files.writeString(file, content);

        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            assertThat(Files.readString(file)).isEqualTo(content);
        }
    }

    @Test
    void recordsWithNonAsciiTextRoundTrip() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        ErrorRecord r = new ErrorRecord("arith:π#0", "π", 0, "réponse vide — 空", "now");
        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            log.append(r);
        }

        assertThat(JsonlLog.read(file, ErrorRecord.class)).containsExactly(r);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("réponse vide — 空");
    }

    @Test
    void concurrentAppendsAllArriveAsCompleteParseableLines() throws Exception {
        Path file = dir.resolve("errors.jsonl");
        int threads = 8, perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try (JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false)) {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> task = () -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        int n = thread * perThread + i;
                        log.append(new ErrorRecord("s:" + n, "p" + thread, i, "e".repeat(n % 300), "t"));
                    }
                    return null;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Void> f : futures) f.get();
        } finally {
            pool.shutdown();
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(threads * perThread);
        for (String l : lines) {
            ErrorRecord r = Json.MAPPER.readValue(l, ErrorRecord.class);
            assertThat(r.error()).hasSize(Integer.parseInt(r.sampleId().substring(2)) % 300);
        }
        List<ErrorRecord> read = JsonlLog.read(file, ErrorRecord.class);
        assertThat(read).extracting(ErrorRecord::sampleId).doesNotHaveDuplicates().hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String problem = "p" + t;
            assertThat(read.stream().filter(r -> r.problemId().equals(problem)).map(ErrorRecord::sampleIndex).toList())
                    .as("each thread's records in its own order").isSorted().hasSize(perThread);
        }
    }

    @Test
    void appendAfterCloseFails() throws IOException {
        Path file = dir.resolve("errors.jsonl");
        JsonlLog<ErrorRecord> log = JsonlLog.open(file, ErrorRecord.class, false);
        log.close();

        assertThatThrownBy(() -> log.append(record(1))).isInstanceOf(IOException.class);
    }
}
