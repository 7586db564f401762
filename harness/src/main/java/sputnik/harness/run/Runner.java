package sputnik.harness.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import sputnik.harness.api.Completion;
import sputnik.harness.api.EngineException;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Request;
import sputnik.harness.api.UsageException;
import sputnik.harness.api.Verdict;
import sputnik.harness.metrics.RunScorer;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.ErrorRecord;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.record.SampleRecords;
import sputnik.harness.util.Hashing;

/**
 * Runs an engine over a suite into a run directory. Each (problem, sample index) is done at most once
 * per directory: finished samples are appended to samples.jsonl as they complete and skipped when the
 * same command runs again; failed ones go to errors.jsonl and are retried then. {@link #stop()}
 * (Ctrl-C) stops scheduling, abandons requests in flight and leaves every finished sample on disk.
 */
public final class Runner {
    public record Outcome(Summary summary, int written, int failed, boolean interrupted) {}

    private final PrintStream err;
    private final boolean terminal;
    private volatile boolean stopping;
    private volatile Thread runnerThread;
    private final Set<Thread> inFlight = ConcurrentHashMap.newKeySet();
    private final CountDownLatch finished = new CountDownLatch(1);

    public Runner(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Asks a running {@link #run} to stop and waits (bounded) until it has written its files. */
    public void stop() {
        stopping = true;
        Thread t = runnerThread;
        if (t != null) t.interrupt();
        inFlight.forEach(Thread::interrupt);
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Outcome run(RunPlan plan) throws IOException, UsageException {
        runnerThread = Thread.currentThread();
        try {
            return doRun(plan);
        } finally {
            runnerThread = null;
            finished.countDown();
        }
    }

    private Outcome doRun(RunPlan plan) throws IOException, UsageException {
        Files.createDirectories(plan.out());
        RunDirectory dir = new RunDirectory(plan.out());
        try (RunDirectory.Lock lock = dir.lock()) {
            return doRun(plan, dir);
        }
    }

    private Outcome doRun(RunPlan plan, RunDirectory dir) throws IOException, UsageException {
        if (plan.fresh() && (dir.hasManifest() || Files.exists(dir.samplesFile()))) {
            err.println("sputnik: --fresh: moved the earlier run's files to " + dir.archivePrevious());
        }
        String startedAt = Instant.now().toString();
        RunManifest.Scope scope = new RunManifest.Scope(plan.samples(), plan.limit(),
                plan.problems().stream().map(Problem::id).toList());
        RunManifest manifest;
        if (dir.hasManifest()) {
            RunManifest old = dir.readManifest();
            RunDirectory.requireSameConfig(plan.out(), old.config(), plan.config());
            manifest = old.withScope(scope).withEnvironment(plan.environment());
        } else if (Files.exists(dir.samplesFile()) && Files.size(dir.samplesFile()) > 0) {
            throw new UsageException(dir.samplesFile() + " exists but " + RunDirectory.RUN_JSON
                    + " does not, so it cannot be resumed safely: use another --out, or --fresh to start over");
        } else {
            manifest = new RunManifest(plan.environment().getOrDefault("sputnik_version", "unknown").toString(),
                    plan.config(), scope, plan.environment(), List.of());
        }
        manifest = manifest.withSession(new RunManifest.Session(startedAt, null, "running", 0, 0, 0));
        dir.writeManifest(manifest);

        long t0 = System.nanoTime();
        AtomicInteger written = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (JsonlLog<SampleRecord> samples = JsonlLog.open(dir.samplesFile(), SampleRecord.class, true);
                JsonlLog<ErrorRecord> errors = JsonlLog.open(dir.errorsFile(), ErrorRecord.class, true)) {
            List<SampleRecord> existing = dir.readSamples();
            List<Task> todo = plan(plan, existing);
            int total = plan.problems().size() * plan.samples();
            int doneBefore = total - todo.size();
            int correctBefore = countCorrectInScope(plan, existing);
            if (doneBefore > 0) err.println("sputnik: resuming " + plan.out() + ": " + doneBefore + " of " + total + " samples already done");
            try (Progress progress = new Progress(err, terminal, total, doneBefore, correctBefore)) {
                execute(plan, todo, samples, errors, progress, written, failed);
            }
        }
        List<SampleRecord> all = dir.readSamples();
        Summary summary = RunScorer.score(plan.config(), scope.problemIds(), plan.samples(), all);
        dir.writeSummary(summary);
        String status = stopping ? "interrupted" : summary.counts().complete() ? "complete" : "incomplete";
        double wall = (System.nanoTime() - t0) / 1e9;
        dir.writeManifest(manifest.withLastSession(new RunManifest.Session(startedAt, Instant.now().toString(), status,
                written.get(), failed.get(), Math.round(wall * 1000) / 1000.0)));
        return new Outcome(summary, written.get(), failed.get(), stopping);
    }

    /** One sample to do; {@code pending} is its response when only the grading is left (an earlier sandbox error). */
    private record Task(Problem problem, int index, String sampleId, long seed, String promptSha256, SampleRecord pending) {}

    private static List<Task> plan(RunPlan plan, List<SampleRecord> existing) {
        Map<String, SampleRecord> byId = new HashMap<>();
        for (SampleRecord r : existing) byId.put(r.sampleId(), r);
        List<Task> todo = new ArrayList<>();
        for (Problem p : plan.problems()) {
            String promptHash = Hashing.sha256(p.prompt().display());
            for (int i = 0; i < plan.samples(); i++) {
                String id = SampleIds.id(plan.suite().name(), p.id(), i);
                SampleRecord r = byId.get(id);
                if (r != null && SampleRecords.graded(r)) continue;
                todo.add(new Task(p, i, id, SampleIds.seed(plan.sampling().seed(), id), promptHash, r));
            }
        }
        return todo;
    }

    private static int countCorrectInScope(RunPlan plan, List<SampleRecord> existing) {
        Map<String, Boolean> inScope = new HashMap<>();
        for (Problem p : plan.problems()) inScope.put(p.id(), true);
        int c = 0;
        for (SampleRecord r : existing) {
            if (inScope.containsKey(r.problemId()) && r.sampleIndex() < plan.samples() && r.verdict() == Verdict.CORRECT) c++;
        }
        return c;
    }

    private void execute(RunPlan plan, List<Task> todo, JsonlLog<SampleRecord> samples, JsonlLog<ErrorRecord> errors,
            Progress progress, AtomicInteger written, AtomicInteger failed) {
        // `requests` bounds the engine calls in flight (--concurrency); a sample's permit is returned as
        // soon as its response arrives, so grading (a sandbox run, for code) overlaps the next requests.
        // `inProgress` bounds how many samples are started but not yet recorded, so that responses do
        // not pile up unrecorded when the graders are slower than the engine.
        Semaphore requests = new Semaphore(plan.concurrency());
        Semaphore inProgress = new Semaphore(plan.concurrency() + 2 * Runtime.getRuntime().availableProcessors());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sputnik-timeouts");
            t.setDaemon(true);
            return t;
        });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Task task : todo) {
                if (stopping) break;
                try {
                    inProgress.acquire();
                    if (task.pending() == null) requests.acquire();
                } catch (InterruptedException e) {
                    break;
                }
                if (stopping) {
                    if (task.pending() == null) requests.release();
                    inProgress.release();
                    break;
                }
                pool.submit(() -> {
                    try {
                        runOne(plan, task, samples, errors, progress, written, failed, timer, requests);
                    } finally {
                        inProgress.release();
                    }
                });
            }
        } finally {
            timer.shutdownNow();
            // stop() interrupts this thread; the stop is recorded in `stopping`. A pending interrupt
            // would make the file writes that follow (summary, run.json) fail on interruptible channels.
            Thread.interrupted();
        }
    }

    private void runOne(RunPlan plan, Task task, JsonlLog<SampleRecord> samples, JsonlLog<ErrorRecord> errors,
            Progress progress, AtomicInteger written, AtomicInteger failed, ScheduledExecutorService timer,
            Semaphore requests) {
        Thread self = Thread.currentThread();
        inFlight.add(self);
        String error;
        try {
            SampleRecord record = task.pending() != null
                    ? task.pending()
                    : generate(plan, task, timer, requests);
            Grade g;
            try {
                g = plan.grader().grade(task.problem(), record.completion());
            } catch (java.util.concurrent.CancellationException stopped) {
                return; // Ctrl-C while grading: the next run grades it (the response is lost only if it was new)
            }
            samples.append(record.withGrade(g).withFinishedAt(Instant.now().toString()));
            if (g.verdict() == Verdict.SANDBOX_ERROR) {
                // The grader's failure, not the model's: the response is kept and graded again next run.
                error = "could not grade (sandbox error): " + g.detail().getOrDefault("reason", g.detail());
            } else {
                written.incrementAndGet();
                progress.sampleDone(g.verdict() == Verdict.CORRECT);
                return;
            }
        } catch (InterruptedException e) {
            if (!stopping) error = "timed out after " + plan.requestTimeout().toSeconds() + " s (--timeout)";
            else return; // Ctrl-C: abandoned, not failed; the next run does it
        } catch (EngineException e) {
            error = e.getMessage();
        } catch (IOException e) {
            error = "could not record the sample: " + e;
        } catch (RuntimeException e) {
            error = "internal error: " + e;
        } finally {
            inFlight.remove(self);
            Thread.interrupted(); // a late timeout interrupt must not leak into the next task on this carrier
        }
        failed.incrementAndGet();
        progress.sampleFailed();
        try {
            errors.append(new ErrorRecord(task.sampleId(), task.problem().id(), task.index(), error, Instant.now().toString()));
        } catch (IOException e) {
            err.println("sputnik: could not write " + errors.path() + ": " + e.getMessage());
        }
    }

    /** Calls the engine under the per-request timeout; the request permit is returned when the response is in. */
    private SampleRecord generate(RunPlan plan, Task task, ScheduledExecutorService timer, Semaphore requests)
            throws EngineException, InterruptedException {
        Thread self = Thread.currentThread();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            timedOut.set(true);
            self.interrupt();
        }, plan.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            Request request = new Request(task.sampleId(), task.problem().id(), task.index(), task.problem().prompt(),
                    plan.sampling().withSeed(task.seed()));
            Completion c = plan.engine().generate(request);
            return new SampleRecord(task.sampleId(), plan.suite().name(), task.problem().id(), task.index(), task.seed(),
                    task.promptSha256(), c.text(), c.reasoning(), c.finishReason(), c.promptTokens(), c.completionTokens(),
                    c.tokensEstimated() ? Boolean.TRUE : null, c.timings(), null, null, null, null, null);
        } catch (InterruptedException e) {
            if (timedOut.get() && !stopping) throw e;
            throw new InterruptedException("stopped");
        } finally {
            deadline.cancel(false);
            requests.release();
            if (timedOut.get()) Thread.interrupted();
        }
    }
}
