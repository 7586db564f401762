package sputnik.datasets.code;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import sputnik.datasets.sandbox.CodeSandbox;
import sputnik.datasets.sandbox.Judgement;
import sputnik.datasets.sandbox.Program;
import sputnik.datasets.sandbox.TimeLimit;
import sputnik.harness.api.Verdict;
import sputnik.harness.util.Hashing;

/**
 * Reference solutions' times, on which the time limits of HumanEval and MBPP are based. Each is
 * measured once per problem and kept on disk ({@link ReferenceTimeCache}), keyed by a hash of the
 * problem id, exactly what runs (the reference program and the tests), the interpreter and the
 * processor, so that a changed reference, changed tests, another Python or another machine are
 * measured anew. A measurement is made in isolation, so that it does not depend on what else is
 * graded: by CPU time of the sandbox, which other programs hardly change, the best of {@link #RUNS}
 * runs, and one at a time (in this JVM, and through a lock file among all processes sharing the
 * cache). Where CPU time cannot be read, wall-clock time is used instead, and the record says so.
 */
final class ReferenceTimes {
    /** Runs per measurement: the fastest counts, as the one least disturbed by the rest of the machine. */
    static final int RUNS = 3;
    /** How long a reference solution may take (CPU time) while it is measured. */
    static final long LIMIT_MILLIS = 60_000;
    /** Changes whenever what is measured, or how, changes: keys of older measurements then no longer match. */
    private static final String METHOD = "reference-time v1: best of 3, CPU time of the candidate sandbox from program hand-over to the end of the tests";
    private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock();
    private static final String PROCESSOR = processor();

    private final ReferenceTimeCache cache;
    private final String interpreter;
    private final Map<String, ReferenceTime> known = new ConcurrentHashMap<>();

    ReferenceTimes(ReferenceTimeCache cache, String interpreter) {
        this.cache = cache;
        this.interpreter = interpreter;
    }

    /** One problem's reference solution: how to run it once, and the key its time is kept under. */
    final class Reference {
        private final String problemId;
        private final String key;
        private final LongFunction<CodeSandbox.Measured> run;

        private Reference(String problemId, String key, LongFunction<CodeSandbox.Measured> run) {
            this.problemId = problemId;
            this.key = key;
            this.run = run;
        }

        /** Its time: known, kept on disk, or measured now. */
        ReferenceTime time() {
            return ReferenceTimes.this.time(this);
        }
    }

    /** The reference solution {@code program} of a problem, checked by {@code job}, run in {@code sandbox}. */
    Reference of(String problemId, Program program, CodeSandbox.TestJob job, CodeSandbox sandbox) {
        String measured = program.solution() + "\u0000" + program.prelude() + "\u0000" + program.setup() + "\u0000" + job.json();
        return of(problemId, measured, limit -> sandbox.measure(program, job, limit));
    }

    /** {@code measured} is everything that runs (the key changes with it); {@code run} runs it once under a limit. */
    Reference of(String problemId, String measured, LongFunction<CodeSandbox.Measured> run) {
        String clock = TimeLimit.cpuTimeAvailable() ? "cpu" : "wall";
        String key = Hashing.sha256(String.join("\n", METHOD, clock, problemId, interpreter, PROCESSOR, measured));
        return new Reference(problemId, key, run);
    }

    private ReferenceTime time(Reference r) {
        ReferenceTime t = known.get(r.key);
        if (t != null) return t;
        t = cache.read(r.key);
        if (t != null) {
            known.put(r.key, t);
            return t;
        }
        ONE_AT_A_TIME.lock();
        try (ReferenceTimeCache.Held held = cache.measuring()) {
            // Another thread or process may have measured it while this one waited.
            t = known.get(r.key);
            if (t == null) t = cache.read(r.key);
            if (t == null) {
                t = measure(r);
                if (!t.sandboxFailed()) cache.write(r.key, t, Map.of("problem_id", r.problemId, "interpreter", interpreter,
                        "processor", PROCESSOR, "method", METHOD));
            }
            if (!t.sandboxFailed()) known.put(r.key, t);
            return t;
        } finally {
            ONE_AT_A_TIME.unlock();
        }
    }

    private static ReferenceTime measure(Reference r) {
        double best = Double.POSITIVE_INFINITY;
        boolean cpu = true;
        for (int i = 0; i < RUNS; i++) {
            CodeSandbox.Measured m = r.run.apply(LIMIT_MILLIS);
            cpu &= m.cpu();
            Judgement j = m.judgement();
            if (j.verdict() == Verdict.SANDBOX_ERROR) return ReferenceTime.sandboxFailed(String.valueOf(j.detail().get("reason")), cpu);
            if (j.verdict() != Verdict.CORRECT) {
                Object reason = j.detail().get("reason");
                return ReferenceTime.failed(j.verdict().wire() + (reason != null ? ": " + reason : ""), cpu);
            }
            best = Math.min(best, m.seconds());
        }
        return ReferenceTime.measured(best, cpu);
    }

    /** The processor's model: CPU times measured on one are not valid on another. */
    private static String processor() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture has to do
        }
        return System.getProperty("os.arch");
    }
}
