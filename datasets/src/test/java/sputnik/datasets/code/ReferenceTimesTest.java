package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Judgement;
import sputnik.harness.api.Verdict;

/** The reference times' cache and isolation, with stand-in measurements. */
class ReferenceTimesTest {
    @TempDir
    Path cacheDir;

    final AtomicInteger runs = new AtomicInteger();

    ReferenceTimes times(String interpreter) {
        return new ReferenceTimes(new ReferenceTimeCache(cacheDir), interpreter);
    }

    ReferenceTime time(ReferenceTimes t, String problemId, String reference, double seconds) {
        return t.of(problemId, reference, limit -> {
            runs.incrementAndGet();
            return new CodeSandbox.Measured(Judgement.of(Verdict.CORRECT), seconds, true);
        }).time();
    }

    @Test
    void aSecondGraderInstanceReadsTheCachedTimeInsteadOfMeasuring() throws Exception {
        assertThat(time(times("python A"), "p", "return 1", 0.25).seconds()).isEqualTo(0.25);
        assertThat(runs).hasValue(ReferenceTimes.RUNS);
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(1);
        }
        ReferenceTime again = time(times("python A"), "p", "return 1", 9.0);
        assertThat(again.seconds()).isEqualTo(0.25);
        assertThat(again.cpu()).isTrue();
        assertThat(runs).hasValue(ReferenceTimes.RUNS);
    }

    @Test
    void aChangedReferenceTestsProblemOrInterpreterIsMeasuredAgain() {
        time(times("python A"), "p", "return 1", 0.25);
        assertThat(time(times("python A"), "p", "return 1 # changed", 0.5).seconds()).isEqualTo(0.5);
        assertThat(time(times("python B"), "p", "return 1", 0.75).seconds()).isEqualTo(0.75);
        assertThat(time(times("python A"), "q", "return 1", 1.0).seconds()).isEqualTo(1.0);
        assertThat(runs).hasValue(4 * ReferenceTimes.RUNS);
    }

    @Test
    void aDamagedCacheFileIsMeasuredAgain() throws Exception {
        time(times("python A"), "p", "return 1", 0.25);
        try (Stream<Path> files = Files.list(cacheDir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) Files.writeString(f, "{\"seconds\": ");
        }
        assertThat(time(times("python A"), "p", "return 1", 0.5).seconds()).isEqualTo(0.5);
        assertThat(runs).hasValue(2 * ReferenceTimes.RUNS);
    }

    @Test
    void measurementsNeverOverlapEvenAcrossGraders() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<ReferenceTimes> graders = List.of(times("python A"), times("python A"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<ReferenceTime>> fs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ReferenceTimes t = graders.get(i % 2);
                String id = "p" + i;
                fs.add(pool.submit(() -> t.of(id, "reference " + id, limit -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    return new CodeSandbox.Measured(Judgement.of(Verdict.CORRECT), 0.1, true);
                }).time()));
            }
            for (Future<ReferenceTime> f : fs) assertThat(f.get().usable()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(most).as("reference runs at the same time").hasValue(1);
    }

    @Test
    void theCacheLivesInTheUserCacheDirectoryWhichTestsCanMove() {
        String previous = System.getProperty("sputnik.cache.dir");
        System.setProperty("sputnik.cache.dir", cacheDir.toString());
        try {
            assertThat(ReferenceTimeCache.inUserCache().dir()).isEqualTo(cacheDir.resolve("reference-times"));
        } finally {
            if (previous == null) System.clearProperty("sputnik.cache.dir");
            else System.setProperty("sputnik.cache.dir", previous);
        }
    }
}
