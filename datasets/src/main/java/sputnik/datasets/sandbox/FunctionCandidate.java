package sputnik.datasets.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import sputnik.harness.api.Verdict;

/**
 * candidate.py in functions mode: the solution loaded as a module in its own sandbox, answering one
 * request at a time. Only the first message ("ready") comes before model-written code runs; everything
 * after it is the candidate's word, read with a cap and checked for shape, and believed only as
 * "this is my return value".
 */
final class FunctionCandidate implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Python's start-up is not the candidate's time; a sandbox that cannot start in this long is our failure. */
    static final long STARTUP_MILLIS = 20_000;

    private final SandboxProcess process;
    private final TaskDir task;
    private TimeLimit limit;
    private long goNanos;

    private FunctionCandidate(SandboxProcess process, TaskDir task, TimeLimit limit) {
        this.process = process;
        this.task = task;
        this.limit = limit;
    }

    /** Outcome of starting and loading: {@code failure} is null when the solution loaded. */
    record Loaded(FunctionCandidate candidate, Judgement failure) {}

    /**
     * A candidate sandbox started ahead of time on an empty task directory: the interpreter starts
     * while other work goes on, then waits for its program. Used for exactly one program.
     */
    record Warm(SandboxProcess process, TaskDir task) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
            task.close();
        }
    }

    /** CPU seconds the interpreter may use while it waits; lowered to the real limit when its program arrives. */
    private static final int IDLE_CPU_SECONDS = 3600;

    static Warm spawn(Sandbox sandbox, SandboxLimits limits) throws IOException {
        TaskDir task = TaskDir.empty();
        try {
            Process p = sandbox.start("candidate.py", List.of("functions", sandbox.rlimits(IDLE_CPU_SECONDS), sandbox.taskMount(task.path())),
                    task.path(), null);
            return new Warm(new SandboxProcess(sandbox, p, limits.outputBytes(), limits.stderrBytes()), task);
        } catch (IOException | RuntimeException e) {
            task.close();
            throw e;
        }
    }

    /**
     * Gives a warm sandbox its program and loads it; the time limit (CPU time of the sandbox, with its
     * wall-clock backstop; the process's own CPU rlimit a second backstop) starts once the program is
     * handed over, so the interpreter's start-up is not counted, and covers loading and every request
     * after it.
     */
    static Loaded start(Warm warm, Program program, TimeLimit limit) throws IOException {
        return start(warm, program, limit, limit.cpuMillis());
    }

    /**
     * As {@link #start(Warm, Program, TimeLimit)}, for a candidate that will serve several tests, each under
     * {@code limit}: the process's own CPU rlimit (a backstop that counts its whole life) must cover them all,
     * {@code lifetimeCpuMillis}, or a program whose every test is well within its limit is killed part-way.
     */
    static Loaded start(Warm warm, Program program, TimeLimit limit, long lifetimeCpuMillis) throws IOException {
        FunctionCandidate c = new FunctionCandidate(warm.process(), warm.task(), limit);
        try {
            return load(c, warm, program, limit, lifetimeCpuMillis);
        } catch (IOException | RuntimeException e) {
            c.close(); // the caller gets no candidate to close: a sandbox left running here would outlive the grader
            throw e;
        }
    }

    private static Loaded load(FunctionCandidate c, Warm warm, Program program, TimeLimit limit, long lifetimeCpuMillis) throws IOException {
        SandboxProcess p = warm.process();
        p.deadlineIn(STARTUP_MILLIS);
        String ready = p.readLine();
        if (ready == null || !ready.startsWith("{\"ready\"")) {
            Judgement j = Judgement.sandboxError("the candidate sandbox did not start"
                    + (p.timedOut() ? " within " + STARTUP_MILLIS / 1000 + " s" : "") + ": " + c.end().stderr().strip());
            return new Loaded(c, j);
        }
        warm.task().write(program);
        int cpu = (int) Math.ceil(lifetimeCpuMillis / 1000.0) + 1;
        p.limitIn(limit);
        c.goNanos = System.nanoTime();
        if (!p.writeLine("{\"go\":true,\"cpu\":" + cpu + "}")) return new Loaded(c, c.died("before loading"));
        JsonNode loaded = c.parse(p.readLine());
        if (loaded == null) return new Loaded(c, c.died("while loading"));
        if (loaded.has("compile_error")) {
            return new Loaded(c, Judgement.of(Verdict.COMPILE_ERROR, "reason", loaded.path("compile_error").asText()));
        }
        if (loaded.has("raised")) return new Loaded(c, raised(loaded.get("raised"), "while loading"));
        if (!loaded.has("loaded")) return new Loaded(c, c.died("while loading (protocol)"));
        return new Loaded(c, null);
    }

    /** Starts the time limit again from now: per-test limits. */
    void limitIn(TimeLimit perTest) {
        limit = perTest;
        process.limitIn(perTest);
    }

    /**
     * The timeout judgement when the candidate has used more CPU time than its limit since the limit
     * started, though it was not stopped yet (it answered between two readings), else null. Read while
     * the candidate waits for its next request, so the reading is exact.
     */
    Judgement overLimit(String when) {
        long used = process.cpuUsedMillis();
        return used > limit.cpuMillis() ? Ending.overCpu(when, limit) : null;
    }

    /** CPU seconds used since its program was handed over, or, where CPU time cannot be read, wall-clock seconds. */
    double secondsUsed() {
        long cpu = process.cpuUsedMillis();
        return cpu >= 0 ? cpu / 1000.0 : (System.nanoTime() - goNanos) / 1e9;
    }

    /**
     * Sends one request (a JSON object with an "id") and returns the reply line, or null when the
     * candidate died, timed out, or answered out of turn (it is then killed). Only the reply's id is
     * checked here, by its prefix (candidate.py writes it first, as {"id":N,...}): whoever reads the
     * reply parses and checks the rest, so the relay does not parse every message twice.
     */
    String request(String line, long id) {
        if (!process.writeLine(line)) return null;
        String reply = process.readLine();
        if (reply == null || !reply.startsWith("{\"id\":" + id + ",")) {
            process.kill();
            return null;
        }
        return reply;
    }

    JsonNode parse(String line) {
        if (line == null) return null;
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The judgement for a candidate that stopped answering. */
    Judgement died(String when) {
        return end().judgement(when, limit);
    }

    static Judgement raised(JsonNode r, String when) {
        String type = r.path("type").asText("Exception");
        Verdict v = type.equals("MemoryError") ? Verdict.MEMORY_LIMIT : Verdict.RUNTIME_ERROR;
        return Judgement.of(v, "reason", type + " raised " + when, "exception", type,
                "message", Ending.tail(r.path("message").asText(""), 1000),
                "traceback", Ending.tail(r.path("traceback").asText(""), 2000));
    }

    /**
     * Reports how the candidate ended. One that stopped answering but is still alive (it closed its
     * output, or answered out of protocol) gets a moment to exit, under the deadline, then is killed.
     */
    Ending end() {
        boolean exited = process.exitsWithin(2000);
        process.cancelDeadline();
        boolean timedOut = process.timedOut();
        Ending.Timeout timeout = process.timeout();
        process.close();
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        return new Ending(exited || timedOut ? code : Ending.STOPPED_ANSWERING, timeout, process.outputOverflow(), process.stderrText());
    }

    @Override
    public void close() {
        process.close();
        task.close();
    }
}
