package sputnik.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.api.Request;
import sputnik.harness.api.Suite;
import sputnik.harness.api.UsageException;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.testing.Fixtures;
import sputnik.harness.testing.ScriptedEngine;

class RunnerTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private Runner runner() {
        return new Runner(new PrintStream(errBytes, true, StandardCharsets.UTF_8), false);
    }

    /** Problem i is answered correctly on even sample indices only: pass@1 is exactly 0.5. */
    private static String halfRight(Request r) {
        return r.sampleIndex() % 2 == 0 ? r.problemId().substring(1) : "wrong";
    }

    private static RunPlan withTimeout(RunPlan p, Duration timeout) {
        return new RunPlan(p.suite(), p.problems(), p.limit(), p.grader(), p.engine(), p.sampling(), p.samples(), p.concurrency(),
                timeout, p.out(), p.fresh(), p.config(), p.environment());
    }

    private static RunPlan fresh(RunPlan p) {
        return new RunPlan(p.suite(), p.problems(), p.limit(), p.grader(), p.engine(), p.sampling(), p.samples(), p.concurrency(),
                p.requestTimeout(), p.out(), true, p.config(), p.environment());
    }

    @Test
    void aRunWritesEverySampleOnceWithDerivedSeedsAndScoresIt() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(RunnerTest::halfRight);
        RunPlan plan = Fixtures.plan(Fixtures.suite(5), engine, 4, 3, tmp, 0.6);

        Runner.Outcome outcome = runner().run(plan);

        List<SampleRecord> samples = new RunDirectory(tmp).readSamples();
        assertThat(samples).hasSize(20);
        assertThat(samples).extracting(SampleRecord::sampleId).doesNotHaveDuplicates().contains("fixture:p3#2");
        for (SampleRecord s : samples) assertThat(s.seed()).isEqualTo(SampleIds.seed(7, s.sampleId()));
        assertThat(engine.requests).extracting(r -> r.sampling().seed()).doesNotHaveDuplicates();
        assertThat(outcome.summary().passAt1().value()).isEqualTo(0.5);
        assertThat(outcome.summary().counts().complete()).isTrue();
        assertThat(Files.readString(tmp.resolve("summary.json"))).contains("\"pass_at_1\"");
        RunManifest m = new RunDirectory(tmp).readManifest();
        assertThat(m.sessions()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo("complete");
            assertThat(s.samplesWritten()).isEqualTo(20);
        });
        assertThat(m.scope().problemIds()).containsExactly("p0", "p1", "p2", "p3", "p4");
    }

    @Test
    void runningAgainSkipsFinishedSamplesAndGivesTheSameSummary() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(RunnerTest::halfRight);
        RunPlan plan = Fixtures.plan(Fixtures.suite(3), engine, 4, 2, tmp, 0.6);
        runner().run(plan);
        String first = Files.readString(tmp.resolve("summary.json"));
        int calls = engine.requests.size();

        Runner.Outcome again = runner().run(plan);

        assertThat(engine.requests).hasSize(calls);
        assertThat(again.written()).isZero();
        assertThat(Files.readString(tmp.resolve("summary.json"))).isEqualTo(first);
        assertThat(new RunDirectory(tmp).readManifest().sessions()).hasSize(2);
    }

    @Test
    void failedRequestsGoToErrorsAndAreRetriedByTheNextRun() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(RunnerTest::halfRight);
        engine.failuresLeft.put("fixture:p1#0", 1);
        engine.failuresLeft.put("fixture:p2#3", 1);
        RunPlan plan = Fixtures.plan(Fixtures.suite(3), engine, 4, 2, tmp, 0.6);

        Runner.Outcome first = runner().run(plan);

        assertThat(first.failed()).isEqualTo(2);
        assertThat(first.summary().counts().complete()).isFalse();
        assertThat(first.summary().counts().samplesMissing()).isEqualTo(2);
        assertThat(Files.readAllLines(tmp.resolve("errors.jsonl"))).hasSize(2).allMatch(l -> l.contains("injected failure"));
        assertThat(new RunDirectory(tmp).readSamples()).hasSize(10);

        Runner.Outcome second = runner().run(plan);

        assertThat(second.written()).isEqualTo(2);
        assertThat(second.summary().counts().complete()).isTrue();
        assertThat(new RunDirectory(tmp).readSamples()).extracting(SampleRecord::sampleId).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void aRequestOverTheTimeoutIsAnErrorNotAVerdict() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(RunnerTest::halfRight);
        engine.sleepMs.put("fixture:p0#1", 60_000L);
        RunPlan plan = withTimeout(Fixtures.plan(Fixtures.suite(2), engine, 2, 2, tmp, 0.6), Duration.ofMillis(200));

        Runner.Outcome outcome = runner().run(plan);

        assertThat(outcome.failed()).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("errors.jsonl"))).contains("fixture:p0#1").contains("timed out");
        assertThat(new RunDirectory(tmp).readSamples()).extracting(SampleRecord::sampleId).doesNotContain("fixture:p0#1").hasSize(3);
    }

    @Test
    void concurrencyIsBounded() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(RunnerTest::halfRight);
        engine.defaultSleepMs = 5;
        runner().run(Fixtures.plan(Fixtures.suite(10), engine, 4, 3, tmp, 0.6));
        assertThat(engine.maxInFlight.get()).isBetween(1, 3);
        assertThat(engine.requests).hasSize(40);
    }

    @Test
    void aResumeWithADifferentConfigIsRefusedNamingTheKey() throws Exception {
        Suite suite = Fixtures.suite(2);
        runner().run(Fixtures.plan(suite, new ScriptedEngine(RunnerTest::halfRight), 2, 1, tmp, 0.6));
        RunPlan hotter = Fixtures.plan(suite, new ScriptedEngine(RunnerTest::halfRight), 2, 1, tmp, 1.0);

        assertThatThrownBy(() -> runner().run(hotter))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("sampling.temperature")
                .hasMessageContaining("--fresh");
        assertThat(new RunDirectory(tmp).readSamples()).hasSize(4);
    }

    @Test
    void freshStartsOverAndKeepsTheOldFilesUnderPrevious() throws Exception {
        Suite suite = Fixtures.suite(2);
        runner().run(Fixtures.plan(suite, new ScriptedEngine(RunnerTest::halfRight), 2, 1, tmp, 0.6));
        ScriptedEngine hot = new ScriptedEngine(RunnerTest::halfRight);

        runner().run(fresh(Fixtures.plan(suite, hot, 2, 1, tmp, 1.0)));

        assertThat(hot.requests).hasSize(4);
        try (var previous = Files.list(tmp.resolve("previous"))) {
            Path archived = previous.findFirst().orElseThrow();
            assertThat(Files.readAllLines(archived.resolve("samples.jsonl"))).hasSize(4);
            assertThat(archived.resolve("run.json")).exists();
        }
    }

    @Test
    void moreSamplesOrProblemsExtendARunWithoutRedoingIt() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(RunnerTest::halfRight);
        Suite suite = Fixtures.suite(4);
        RunPlan small = Fixtures.plan(suite, engine, 2, 1, tmp, 0.6);
        runner().run(new RunPlan(suite, suite.problems().subList(0, 2), 2, small.grader(), engine, small.sampling(), 2, 1,
                small.requestTimeout(), tmp, false, small.config(), small.environment()));
        assertThat(engine.requests).hasSize(4);

        runner().run(Fixtures.plan(suite, engine, 4, 1, tmp, 0.6));

        assertThat(engine.requests).hasSize(16);
        assertThat(new RunDirectory(tmp).readSamples()).extracting(SampleRecord::sampleId).hasSize(16).doesNotHaveDuplicates();
    }

    @Test
    void aTornLastLineFromAKilledProcessIsDroppedAndRedone() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(RunnerTest::halfRight);
        RunPlan plan = Fixtures.plan(Fixtures.suite(3), engine, 2, 1, tmp, 0.6);
        runner().run(plan);
        String summary = Files.readString(tmp.resolve("summary.json"));
        List<String> lines = Files.readAllLines(tmp.resolve("samples.jsonl"));
        // Simulate kill -9 mid-write: the last record is only half on disk.
        String last = lines.get(lines.size() - 1);
        Files.writeString(tmp.resolve("samples.jsonl"), String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
                + last.substring(0, last.length() / 2));

        Runner.Outcome outcome = runner().run(plan);

        assertThat(outcome.written()).isEqualTo(1);
        assertThat(Files.readAllLines(tmp.resolve("samples.jsonl"))).hasSize(6);
        assertThat(Files.readString(tmp.resolve("summary.json"))).isEqualTo(summary);
    }

    @Test
    void stopLeavesFinishedSamplesOnDiskAndTheNextRunCompletes() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(RunnerTest::halfRight);
        engine.defaultSleepMs = 20;
        RunPlan plan = Fixtures.plan(Fixtures.suite(20), engine, 4, 2, tmp, 0.6);
        Runner runner = runner();
        CountDownLatch someDone = new CountDownLatch(1);
        Thread watcher = Thread.ofPlatform().start(() -> {
            try {
                while (!Files.exists(tmp.resolve("samples.jsonl")) || Files.readAllLines(tmp.resolve("samples.jsonl")).size() < 10) {
                    Thread.sleep(5);
                }
                someDone.countDown();
                runner.stop();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });

        Runner.Outcome outcome = runner.run(plan);
        watcher.join();

        assertThat(someDone.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.interrupted()).isTrue();
        int onDisk = new RunDirectory(tmp).readSamples().size();
        assertThat(onDisk).isBetween(10, 79);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
        assertThat(Files.exists(tmp.resolve("errors.jsonl")) ? Files.readAllLines(tmp.resolve("errors.jsonl")) : List.of()).isEmpty();
        assertThat(new RunDirectory(tmp).readManifest().sessions().getLast().status()).isEqualTo("interrupted");

        Runner.Outcome resumed = runner().run(plan);

        assertThat(resumed.written()).isEqualTo(80 - onDisk);
        Set<String> ids = new HashSet<>();
        for (SampleRecord r : new RunDirectory(tmp).readSamples()) assertThat(ids.add(r.sampleId())).isTrue();
        assertThat(ids).hasSize(80);
    }

    @Test
    void aSecondRunIntoTheSameDirectoryIsRefusedWhileTheFirstWrites() throws Exception {
        ScriptedEngine slow = new ScriptedEngine(RunnerTest::halfRight);
        slow.defaultSleepMs = 50;
        RunPlan plan = Fixtures.plan(Fixtures.suite(5), slow, 4, 1, tmp, 0.6);
        Thread first = Thread.ofPlatform().start(() -> {
            try {
                runner().run(plan);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        while (slow.requests.isEmpty()) Thread.sleep(2);

        assertThatThrownBy(() -> runner().run(Fixtures.plan(Fixtures.suite(5), new ScriptedEngine(RunnerTest::halfRight), 4, 1, tmp, 0.6)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("another sputnik run");
        first.join();
        assertThat(new RunDirectory(tmp).readSamples()).extracting(SampleRecord::sampleId).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void samplesWithoutRunJsonAreNotSilentlyResumed() throws Exception {
        Files.writeString(tmp.resolve("samples.jsonl"), "{\"sample_id\":\"x\"}\n", StandardOpenOption.CREATE);
        RunPlan plan = Fixtures.plan(Fixtures.suite(1), new ScriptedEngine(RunnerTest::halfRight), 1, 1, tmp, 0.6);
        assertThatThrownBy(() -> runner().run(plan)).isInstanceOf(UsageException.class).hasMessageContaining("run.json");
    }

    /**
     * Ctrl-C may come at any moment, also while the run writes summary.json and run.json at its end: the stop
     * must never fail those writes (an interrupted file channel closes) and leave the session "running". The
     * stop is swept across the whole run, from before the first sample to after the last write.
     */
    @Test
    void aStopAtAnyMomentLeavesClosedRecords() throws Exception {
        for (int i = 0; i < 80; i++) {
            Path out = tmp.resolve("sweep-" + i);
            RunPlan plan = Fixtures.plan(Fixtures.suite(3), new ScriptedEngine(RunnerTest::halfRight), 2, 2, out, 0.6);
            Runner r = runner();
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    r.run(plan);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            java.util.concurrent.locks.LockSupport.parkNanos(i * 150_000L);
            r.stop();
            t.join();
            assertThat(failure.get()).as("stop after %d us", i * 150).isNull();
            String status = new RunDirectory(out).readManifest().sessions().getLast().status();
            assertThat(status).as("stop after %d us", i * 150).isIn("interrupted", "complete");
        }
    }

    /** Before any request, an engine that generates is told how much it is about to be asked for. */
    @Test
    void theTokenBudgetIsSaidBeforeTheWork() throws Exception {
        RunPlan plan = Fixtures.plan(Fixtures.suite(3), new ScriptedEngine(RunnerTest::halfRight), 2, 1, tmp.resolve("budget"), 0.6);
        runner().run(plan);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("sputnik: to do: 6 samples (3 problems x 2 samples, less what is done)"
                + " of up to 64 new tokens each, at most 384 tokens to generate; --limit, --samples and --max-tokens lower it");
    }
}
