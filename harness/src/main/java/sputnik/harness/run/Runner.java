package sputnik.harness.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicReference;
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
import sputnik.harness.record.PromptRecord;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.record.SampleRecords;
import sputnik.harness.util.Hashing;
import sputnik.harness.util.IoErrors;

/**
 * Runs an engine over a suite into a run directory. Each (problem, sample index) is done at most once
 * per directory: finished samples are appended to samples.jsonl as they complete and skipped when the
 * same command runs again; failed ones go to errors.jsonl and are retried then. {@link #stop()}
 * (Ctrl-C) stops scheduling, abandons requests in flight and leaves every finished sample on disk.
 */
public final class Runner {
    /**
     * @param remaining samples of this invocation's part (its shard, or the whole run) still not graded:
     *                  for a shard, 0 means the shard is done though the run's summary counts it incomplete
     */
    public record Outcome(Summary summary, int written, int failed, boolean interrupted, int remaining) {}

    private final PrintStream err;
    private final boolean terminal;
    private volatile boolean stopping;
    /** The first write that failed (a full disk): it stops the run, since nothing after it could be recorded. */
    private final AtomicReference<String> writeFailure = new AtomicReference<>();
    private volatile Thread runnerThread;
    /**
     * True while the runner thread schedules samples, the only time it may be interrupted: an interrupt that
     * landed while it writes summary.json or run.json would fail that write (file channels close on interrupt),
     * and Ctrl-C at the very end of a run would leave the session "running". Guarded by {@code interruptLock}.
     */
    private boolean scheduling;
    private final Object interruptLock = new Object();
    private final Set<Thread> inFlight = ConcurrentHashMap.newKeySet();
    private final CountDownLatch finished = new CountDownLatch(1);

    public Runner(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Asks a running {@link #run} to stop and waits (bounded) until it has written its files. */
    public void stop() {
        halt();
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops scheduling and abandons the requests in flight (Ctrl-C, or a write that failed). */
    private void halt() {
        stopping = true;
        synchronized (interruptLock) {
            Thread t = runnerThread;
            if (scheduling && t != null) t.interrupt();
        }
        inFlight.forEach(Thread::interrupt);
    }

    /**
     * The first failed write stops the run: with a full disk every later sample would be generated (paid
     * for, with an API engine) and then lost. Later failures are the same failure and are not repeated.
     */
    private void writeFailed(Path file, IOException e) {
        if (writeFailure.compareAndSet(null, "cannot write " + file + ": " + IoErrors.reason(e))) halt();
    }

    /** Each distinct prompt of the run's problems, once, before any sample names it by its SHA-256. */
    private static void recordPrompts(RunDirectory dir, List<Problem> problems) throws IOException, UsageException {
        Map<String, PromptRecord> have = dir.readPrompts();
        try (JsonlLog<PromptRecord> log = JsonlLog.open(dir.promptsFile(), PromptRecord.class, true)) {
            for (Problem p : problems) {
                PromptRecord r = PromptRecord.of(p.prompt());
                if (have.putIfAbsent(r.sha256(), r) == null) log.append(r);
            }
        }
    }

    public Outcome run(RunPlan plan) throws IOException, UsageException, RunFailure {
        runnerThread = Thread.currentThread();
        try {
            return doRun(plan);
        } finally {
            runnerThread = null;
            finished.countDown();
        }
    }

    private Outcome doRun(RunPlan plan) throws IOException, UsageException, RunFailure {
        RunDirectory dir = new RunDirectory(plan.out());
        RunDirectory.Lock lock;
        try {
            Files.createDirectories(plan.out());
            lock = dir.lock();
        } catch (FileSystemException e) {
            throw new UsageException("cannot write the run directory " + plan.out() + " (" + IoErrors.reason(e) + "): choose another --out");
        }
        try (lock) {
            SpaceReserve reserve;
            try {
                reserve = SpaceReserve.claim(plan.out());
            } catch (IOException e) {
                throw new RunFailure("cannot start in " + plan.out() + ": " + IoErrors.reason(e) + " (a run sets aside "
                        + SpaceReserve.BYTES / 1024 + " KiB there to close its records if the disk fills up); free space, then run again");
            }
            try (reserve) {
                return doRun(plan, dir, reserve);
            }
        }
    }

    private Outcome doRun(RunPlan plan, RunDirectory dir, SpaceReserve reserve) throws IOException, UsageException, RunFailure {
        if (plan.fresh() && (dir.hasManifest() || Files.exists(dir.samplesFile()))) {
            err.println("sputnik: --fresh: moved the earlier run's files to " + dir.archivePrevious());
        }
        String startedAt = Instant.now().toString();
        RunManifest.Scope scope = new RunManifest.Scope(plan.samples(), plan.limit(),
                plan.problems().stream().map(Problem::id).toList(), plan.shard() == null ? null : plan.shard().toString(), plan.selection());
        RunManifest manifest;
        if (dir.hasManifest()) {
            RunManifest old = dir.readManifest();
            RunDirectory.requireSameConfig(plan.out(), old.config(), plan.config());
            requireSameShard(plan, old.scope().shard());
            manifest = crashedSessionsClosed(old).withScope(scope).withEnvironment(plan.environment());
        } else if (Files.exists(dir.samplesFile()) && Files.size(dir.samplesFile()) > 0) {
            throw new UsageException(dir.samplesFile() + " exists but " + RunDirectory.RUN_JSON
                    + " does not, so it cannot be resumed safely: use another --out, or --fresh to start over");
        } else {
            manifest = new RunManifest(plan.environment().getOrDefault("sputnik_version", "unknown").toString(),
                    plan.config(), scope, plan.environment(), List.of());
        }
        manifest = manifest.withSession(new RunManifest.Session(startedAt, null, RunManifest.RUNNING, 0, 0, 0, null));
        dir.writeManifest(manifest);

        long t0 = System.nanoTime();
        AtomicInteger written = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (JsonlLog<SampleRecord> samples = JsonlLog.open(dir.samplesFile(), SampleRecord.class, true);
                JsonlLog<ErrorRecord> errors = JsonlLog.open(dir.errorsFile(), ErrorRecord.class, true)) {
            List<SampleRecord> existing = dir.readSamples();
            ScopeChange.warnIfNarrowed(err, plan, existing);
            List<Task> todo = plan(plan, existing);
            recordPrompts(dir, plan.problems());
            int total = owned(plan);
            int doneBefore = total - todo.size();
            int correctBefore = countCorrectInScope(plan, existing);
            if (doneBefore > 0) err.println("sputnik: resuming " + plan.out() + ": " + doneBefore + " of " + total + " samples already done");
            if (!todo.isEmpty() && plan.engine().generates()) err.println(budget(plan, todo.size()));
            try (Progress progress = new Progress(err, terminal, total, doneBefore, correctBefore)) {
                execute(plan, todo, samples, errors, progress, written, failed);
            }
        }
        List<SampleRecord> all = dir.readSamples();
        int remaining = plan(plan, all).size();
        Summary summary = RunScorer.score(plan.config(), scope.problemIds(), plan.samples(), all);
        double wall = Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
        String failure = writeFailure.get();
        if (failure != null) {
            closeFailed(dir, reserve, manifest, new RunManifest.Session(startedAt, Instant.now().toString(), RunManifest.FAILED,
                    written.get(), failed.get(), wall, failure), summary);
            throw new RunFailure(failure + "; stopped there. The " + summary.counts().samplesDone() + " samples recorded so far are kept:"
                    + " free space (or fix the file system), then run the same command again to resume");
        }
        dir.writeSummary(summary);
        boolean done = plan.shard() == null ? summary.counts().complete() : remaining == 0;
        String status = stopping ? RunManifest.INTERRUPTED : done ? RunManifest.COMPLETE : RunManifest.INCOMPLETE;
        dir.writeManifest(manifest.withLastSession(new RunManifest.Session(startedAt, Instant.now().toString(), status,
                written.get(), failed.get(), wall, null)));
        return new Outcome(summary, written.get(), failed.get(), stopping, remaining);
    }

    /**
     * A session still "running" in run.json when this one starts (it holds the lock, so nothing else runs
     * here) ended without closing its record: killed, or the machine went down. It is marked crashed.
     */
    private RunManifest crashedSessionsClosed(RunManifest m) {
        RunManifest out = m;
        for (int i = 0; i < m.sessions().size(); i++) {
            RunManifest.Session s = m.sessions().get(i);
            if (!RunManifest.RUNNING.equals(s.status())) continue;
            err.println("sputnik: the session started at " + s.startedAt() + " ended without closing its record (killed?): marked crashed;"
                    + " its finished samples are kept");
            out = out.withSession(i, new RunManifest.Session(s.startedAt(), null, RunManifest.CRASHED, s.samplesWritten(), s.errors(),
                    s.wallSeconds(), "ended without closing its record (killed, or the machine stopped)"));
        }
        return out;
    }

    /**
     * Closes the records of a run stopped by a failed write: the reserved space is given back so that run.json
     * can say the session failed, and summary.json is brought up to date, or removed if even that fails, so
     * that no stale score is left behind. samples.jsonl holds only whole records (see JsonlLog.append).
     */
    private void closeFailed(RunDirectory dir, SpaceReserve reserve, RunManifest manifest, RunManifest.Session session, Summary summary) {
        reserve.release();
        try {
            dir.writeManifest(manifest.withLastSession(session));
        } catch (IOException e) {
            err.println("sputnik: could not mark the session failed in " + dir.dir().resolve(RunDirectory.RUN_JSON) + " ("
                    + IoErrors.reason(e) + "); the next run marks it crashed");
        }
        try {
            dir.writeSummary(summary);
        } catch (IOException e) {
            try {
                java.nio.file.Files.deleteIfExists(dir.dir().resolve(RunDirectory.SUMMARY));
            } catch (IOException ignored) {
                // scores are computed afresh from samples.jsonl by every reader; summary.json is only a copy
            }
        }
    }

    /**
     * What the run is about to ask for, before it asks: the protocol defaults (8 samples of up to 32,768 new
     * tokens for AIME) surprise a first run on a small machine, so the ceiling and the flags that lower it come first.
     */
    static String budget(RunPlan plan, int samplesToDo) {
        long tokens = (long) samplesToDo * plan.sampling().maxTokens();
        return String.format(java.util.Locale.ROOT,
                "sputnik: to do: %d samples (%d problems x %d samples, less what is done) of up to %,d new tokens each, at most %,d tokens"
                        + " to generate; --limit, --samples and --max-tokens lower it", samplesToDo, plan.problems().size(), plan.samples(),
                plan.sampling().maxTokens(), tokens);
    }

    /** How many samples this invocation's part holds: all of the run's, or its shard's. */
    private static int owned(RunPlan plan) {
        if (plan.shard() == null) return plan.problems().size() * plan.samples();
        return plan.shard().owned(plan.suite().name(), plan.problems().stream().map(Problem::id).toList(), plan.samples());
    }

    /** A directory holds one part of a run for good: the shard it was started as, or the whole run. */
    private static void requireSameShard(RunPlan plan, String recorded) throws UsageException {
        String requested = plan.shard() == null ? null : plan.shard().toString();
        if (java.util.Objects.equals(recorded, requested)) return;
        throw new UsageException(plan.out() + " holds " + (recorded == null ? "an unsharded run" : "shard " + recorded + " of a run")
                + ", not " + (requested == null ? "the whole run" : "shard " + requested) + ": run it with "
                + (recorded == null ? "no --shard" : "--shard " + recorded) + ", or use another --out");
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
                if (plan.shard() != null && !plan.shard().owns(id)) continue;
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
        synchronized (interruptLock) {
            scheduling = true;
        }
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
            // stop() interrupts this thread only while it schedules; the stop is recorded in `stopping`. Once
            // scheduling is over no new interrupt comes, and a pending one is cleared before the writes that follow.
            synchronized (interruptLock) {
                scheduling = false;
            }
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
            try {
                samples.append(record.withGrade(g).withFinishedAt(Instant.now().toString()));
            } catch (IOException e) {
                writeFailed(samples.path(), e);
                return;
            }
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
        } catch (RuntimeException e) {
            error = "internal error: " + e;
        } finally {
            inFlight.remove(self);
            Thread.interrupted(); // a late timeout interrupt must not leak into the next task on this carrier
        }
        if (writeFailure.get() != null) return; // stopped by a failed write: this sample's end is not a failure of its own
        failed.incrementAndGet();
        progress.sampleFailed();
        try {
            errors.append(new ErrorRecord(task.sampleId(), task.problem().id(), task.index(), error, Instant.now().toString()));
        } catch (IOException e) {
            writeFailed(errors.path(), e);
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
