package sputnik.datasets.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import sputnik.harness.api.UsageException;
import sputnik.harness.api.Verdict;
import sputnik.harness.util.Json;

/**
 * Runs model-written programs for the code graders, at most {@code workers} at once, each in a fresh
 * sandbox of its own (see {@link BubblewrapSandbox}). Three ways to judge a program:
 * <ul>
 *   <li>{@link #check}: the dataset's own tests run in a separate tester sandbox and call the
 *       candidate's functions across the boundary (HumanEval, MBPP);</li>
 *   <li>{@link #callEach}: the JVM calls a method once per test and compares the returned plain data
 *       itself (LeetCode-style functional tests);</li>
 *   <li>{@link #runProgram}: the program reads a test's input on stdin; the JVM gets its stdout
 *       (contest problems).</li>
 * </ul>
 * In every case the expected answers stay on the trusted side, and pass or fail is decided there.
 */
public final class CodeSandbox implements AutoCloseable {
    private final Sandbox sandbox;
    private final SandboxLimits limits;
    private final Semaphore slots;
    private final ConcurrentLinkedQueue<Tester> idleTesters = new ConcurrentLinkedQueue<>();
    private final WarmCandidates warm;
    /**
     * Sandboxes kept started ahead, per worker: a start takes about 25 ms, a quick test run 10 ms, so
     * one spare per worker would leave workers waiting for the interpreter to come up.
     */
    static final int WARM_PER_WORKER = 3;

    CodeSandbox(Sandbox sandbox, SandboxLimits limits, int workers) {
        this.sandbox = sandbox;
        this.limits = limits;
        this.slots = new Semaphore(workers);
        this.warm = new WarmCandidates(sandbox, limits, WARM_PER_WORKER * workers);
    }

    public static CodeSandbox open(int workers, boolean unsafeNoSandbox, SandboxLimits limits) throws UsageException {
        return new CodeSandbox(Sandboxes.open(unsafeNoSandbox, limits), limits, workers);
    }

    public boolean isolated() {
        return sandbox.isolated();
    }

    /** What changes verdicts: the isolation, the interpreter, the limits. */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sandbox", sandbox.description());
        m.put("python", sandbox.python());
        m.put("memory_limit_mb", limits.memoryBytes() >> 20);
        return m;
    }

    /**
     * What a program's time depends on besides the program: the interpreter and the isolation. Part of
     * the key under which a reference solution's measured time is kept.
     */
    public String interpreter() {
        return sandbox.python() + (sandbox.isolated() ? "" : ", unsandboxed");
    }

    /** A tester job: HumanEval's {@code check(candidate)}, or a list of MBPP asserts. */
    public record TestJob(String json) {
        public static TestJob check(String prelude, String test, String entryPoint) {
            return new TestJob(Json.line(Map.of("op", "job", "kind", "check", "prelude", prelude == null ? "" : prelude, "test", test, "entry_point", entryPoint)));
        }

        public static TestJob asserts(String prelude, List<String> asserts) {
            return new TestJob(Json.line(Map.of("op", "job", "kind", "asserts", "prelude", prelude == null ? "" : prelude, "asserts", asserts)));
        }
    }

    /**
     * Loads the program and runs the tester's job against it, all within {@code limitMillis} of CPU
     * time (see {@link TimeLimit}).
     */
    public Judgement check(Program program, TestJob job, long limitMillis) {
        return measure(program, job, limitMillis).judgement();
    }

    /**
     * A judgement and the time the program took: CPU seconds of its sandbox from the moment it was
     * handed its program to the end of the tests ({@code cpu} true), or wall-clock seconds where CPU
     * time cannot be read.
     */
    public record Measured(Judgement judgement, double seconds, boolean cpu) {}

    /** {@link #check}, with the time the program took. */
    public Measured measure(Program program, TestJob job, long limitMillis) {
        TimeLimit limit = TimeLimit.of(limitMillis);
        acquire();
        Tester tester = null;
        try {
            tester = idleTesters.poll();
            if (tester == null) tester = Tester.start(sandbox, limits);
            FunctionCandidate.Loaded loaded = FunctionCandidate.start(warm.take(), program, limit);
            try (FunctionCandidate c = loaded.candidate()) {
                if (loaded.failure() != null) return new Measured(loaded.failure(), 0, limit.cpuMeasured());
                JsonNode done = tester.run(job.json(), c, limit);
                if (done == null) {
                    return new Measured(Judgement.sandboxError("the test driver failed: " + tester.failure()), 0, limit.cpuMeasured());
                }
                Judgement j = TesterVerdicts.judge(done, c);
                // Past its limit between two readings: it would have been stopped there, so it did not finish in time.
                Judgement over = j.verdict() == Verdict.TIMEOUT ? null : c.overLimit("during the tests");
                return new Measured(over != null ? over : j, c.secondsUsed(), limit.cpuMeasured());
            }
        } catch (IOException e) {
            return new Measured(Judgement.sandboxError("could not start a sandbox: " + e.getMessage()), 0, limit.cpuMeasured());
        } finally {
            if (tester != null) {
                if (tester.broken()) tester.close();
                else idleTesters.add(tester);
            }
            slots.release();
        }
    }

    /** How {@link #callEach} compares one returned value (a tagged codec value) with the expected one. */
    public interface ReplyCheck {
        /** Null when the value is right, else what was wrong. */
        String mismatch(int test, JsonNode value);
    }

    /**
     * Loads the program once, then calls {@code Class().method(*args)} for each test, each within
     * {@code perCallMillis} of CPU time (loading within the same), stopping at the first wrong answer.
     */
    public Judgement callEach(Program program, String className, String method, List<List<Object>> argsPerTest,
            long perCallMillis, ReplyCheck check) {
        TimeLimit limit = TimeLimit.of(perCallMillis);
        acquire();
        try {
            long lifetime = perCallMillis * Math.max(1, argsPerTest.size());
            FunctionCandidate.Loaded loaded = FunctionCandidate.start(warm.take(), program, limit, lifetime);
            try (FunctionCandidate c = loaded.candidate()) {
                if (loaded.failure() != null) return loaded.failure();
                for (int t = 0; t < argsPerTest.size(); t++) {
                    c.limitIn(limit);
                    Map<String, Object> req = new LinkedHashMap<>();
                    req.put("id", t + 1);
                    req.put("op", "method");
                    req.put("class", className);
                    req.put("name", method);
                    req.put("args", argsPerTest.get(t));
                    String reply = c.request(json(req), t + 1);
                    if (reply == null) return c.died("in test " + (t + 1)).with(Map.of("test", t + 1));
                    Judgement over = c.overLimit("in test " + (t + 1));
                    if (over != null) return over.with(Map.of("test", t + 1));
                    JsonNode r = c.parse(reply);
                    if (r.has("raised")) return FunctionCandidate.raised(r.get("raised"), "in test " + (t + 1)).with(Map.of("test", t + 1));
                    if (r.has("unencodable")) {
                        return Judgement.of(Verdict.INCORRECT, "reason", "test " + (t + 1) + ": " + r.path("unencodable").asText(), "test", t + 1);
                    }
                    String wrong = check.mismatch(t, r.path("value"));
                    if (wrong != null) return Judgement.of(Verdict.INCORRECT, "reason", "test " + (t + 1) + ": " + wrong, "test", t + 1);
                }
                return Judgement.of(Verdict.CORRECT, "tests", argsPerTest.size());
            }
        } catch (IOException e) {
            return Judgement.sandboxError("could not start a sandbox: " + e.getMessage());
        } finally {
            slots.release();
        }
    }

    /** A program run on one input: {@code failure} is null when it ran to a normal end and {@code stdout} is its output. */
    public record ProgramRun(Judgement failure, String stdout, double seconds) {}

    /**
     * Runs the program as __main__ with {@code input} on stdin, within {@code limitMillis} of CPU time
     * (the interpreter's start-up included). The program's end is not waited for by the JVM's reading
     * of its CPU time, so one that ends just past its limit, within one reading
     * ({@link SandboxProcess#CPU_CHECK_MILLIS}), may pass.
     */
    public ProgramRun runProgram(Program program, String input, long limitMillis) {
        TimeLimit limit = TimeLimit.of(limitMillis);
        acquire();
        Path inputFile = null;
        try (TaskDir task = TaskDir.create(program)) {
            inputFile = Files.createTempFile("sputnik-stdin-", ".txt");
            Files.writeString(inputFile, input, StandardCharsets.UTF_8);
            int cpu = (int) Math.ceil(limitMillis / 1000.0) + 1;
            Process raw = sandbox.start("candidate.py", List.of("program", sandbox.rlimits(cpu), sandbox.taskMount(task.path())),
                    task.path(), inputFile);
            long t0 = System.nanoTime();
            try (SandboxProcess p = new SandboxProcess(sandbox, raw, limits.outputBytes(), limits.stderrBytes())) {
                p.collectStdout();
                p.limitIn(limit);
                int code = p.waitFor();
                double seconds = (System.nanoTime() - t0) / 1e9;
                p.cancelDeadline();
                Ending.Timeout timeout = p.timeout();
                if (timeout == Ending.Timeout.NONE && p.cpuUsedMillis() > limit.cpuMillis()) timeout = Ending.Timeout.CPU;
                String status = p.stderrFirstLine();
                String stderr = stripStatus(p.stderrText());
                if (status.startsWith(ProgramStatus.COMPILE_ERROR)) {
                    return new ProgramRun(Judgement.of(Verdict.COMPILE_ERROR, "reason", ProgramStatus.compileError(status)), "", seconds);
                }
                if (!status.equals(ProgramStatus.READY)) {
                    if (timeout != Ending.Timeout.NONE) return new ProgramRun(new Ending(code, timeout, false, stderr).judgement("", limit), "", seconds);
                    return new ProgramRun(Judgement.sandboxError("the program sandbox did not start: " + Ending.tail(stderr, 1000)), "", seconds);
                }
                if (code != 0 || timeout != Ending.Timeout.NONE || p.outputOverflow()) {
                    return new ProgramRun(new Ending(code, timeout, p.outputOverflow(), stderr).judgement("", limit), p.stdoutText(), seconds);
                }
                return new ProgramRun(null, p.stdoutText(), seconds);
            }
        } catch (IOException e) {
            return new ProgramRun(Judgement.sandboxError("could not start a sandbox: " + e.getMessage()), "", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while grading");
        } finally {
            if (inputFile != null) {
                try {
                    Files.deleteIfExists(inputFile);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
            slots.release();
        }
    }

    private static String stripStatus(String stderr) {
        int nl = stderr.indexOf('\n');
        return stderr.startsWith(ProgramStatus.PREFIX) && nl >= 0 ? stderr.substring(nl + 1) : stderr;
    }

    private void acquire() {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a sandbox");
        }
    }

    static String json(Object o) {
        return Json.line(o);
    }

    @Override
    public void close() {
        warm.close();
        Tester t;
        while ((t = idleTesters.poll()) != null) t.close();
    }
}
