package sputnik.datasets.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One started sandbox process tree, as the grader sees it: a time limit ({@link #limitIn}: CPU time of
 * the whole tree, checked every {@link #CPU_CHECK_MILLIS}, and a wall-clock deadline) that kills the
 * whole tree, stderr drained in the background (its head kept), and stdout read either as protocol
 * lines ({@link #readLine}) or collected whole ({@link #collectStdout}), in both cases capped.
 * Everything the tree writes is drained, so a flood cannot block it into looking like a timeout, and
 * it is killed as soon as it exceeds the cap.
 */
final class SandboxProcess implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sputnik-sandbox-deadlines");
        t.setDaemon(true);
        return t;
    });
    /** Reads running trees' CPU time; a thread of its own, so that a slow reading (a big tree) delays no deadline. */
    private static final ScheduledExecutorService CPU_METER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sputnik-sandbox-cpu");
        t.setDaemon(true);
        return t;
    });

    /**
     * How often a running tree's CPU time is read: two clock ticks. A reading opens a few /proc files per
     * process of the tree (well under a millisecond for a candidate's usual three; tens of milliseconds
     * for a fork bomb's 64 on a loaded machine).
     */
    static final long CPU_CHECK_MILLIS = 20;

    private final Process process;
    private final boolean killDescendants;
    /** When the root started, to tell it from a later process with its pid; -1 where CPU time cannot be read. */
    private final long rootStartTime;
    private final int outputCap;
    private final InputStream stdout;
    private final Drain stderr;
    private volatile boolean timedOut;
    private volatile boolean overCpu;
    private volatile boolean outputOverflow;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> cpuCheck;
    private volatile long cpuLimitMillis = -1;
    private volatile long cpuBaseMillis;
    private long cpuSeenMillis; // the highest reading of the tree's CPU time so far (guarded by this)
    private Drain collected;

    /**
     * {@code killDescendants}: kill the tree's processes one by one too. Not needed in a pid namespace,
     * whose processes the kernel kills when its init dies (and listing the host's processes costs
     * milliseconds), but the only way to reach them on the host in the unsafe mode.
     */
    SandboxProcess(Sandbox sandbox, Process process, int outputCap, int stderrCap) {
        this(process, !sandbox.isolated(), outputCap, stderrCap);
    }

    SandboxProcess(Process process, boolean killDescendants, int outputCap, int stderrCap) {
        this.process = process;
        this.killDescendants = killDescendants;
        this.outputCap = outputCap;
        this.stdout = process.getInputStream();
        this.stderr = new Drain(process.getErrorStream(), stderrCap, Long.MAX_VALUE, this);
        this.rootStartTime = ProcessTreeCpu.available() ? ProcessTreeCpu.startTime(process.pid()) : -1;
        Thread.ofVirtual().name("sputnik-sandbox-stderr").start(stderr);
    }

    /** Kills the tree {@code millis} of wall-clock time from now (again from now, if called twice); no CPU limit. */
    void deadlineIn(long millis) {
        cancelDeadline();
        deadline = TIMER.schedule(() -> {
            timedOut = true;
            kill();
        }, Math.max(1, millis), TimeUnit.MILLISECONDS);
    }

    /**
     * Kills the tree once it has used {@code limit}'s CPU time from now, or at its wall-clock backstop,
     * whichever comes first (again from now, if called again: per-test limits). Where CPU time cannot
     * be read, the wall clock alone limits.
     */
    void limitIn(TimeLimit limit) {
        deadlineIn(limit.wallMillis());
        if (!limit.cpuMeasured() || rootStartTime < 0) return;
        cpuBaseMillis = readCpu();
        cpuLimitMillis = limit.cpuMillis();
        cpuCheck = CPU_METER.scheduleWithFixedDelay(this::checkCpu, CPU_CHECK_MILLIS, CPU_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void checkCpu() {
        long limit = cpuLimitMillis;
        if (limit >= 0 && readCpu() - cpuBaseMillis > limit) {
            overCpu = true;
            timedOut = true;
            kill();
            if (cpuCheck != null) cpuCheck.cancel(false);
        }
    }

    /**
     * CPU milliseconds the tree has used since the last {@link #limitIn}, or -1 where CPU time is not
     * read. Exact while the tree is alive; once it has ended, the last reading (at most
     * {@link #CPU_CHECK_MILLIS} of running old).
     */
    long cpuUsedMillis() {
        if (cpuLimitMillis < 0) return -1;
        return readCpu() - cpuBaseMillis;
    }

    private synchronized long readCpu() {
        long now = ProcessTreeCpu.millis(process.pid(), rootStartTime);
        if (now > cpuSeenMillis) cpuSeenMillis = now;
        return cpuSeenMillis;
    }

    void cancelDeadline() {
        if (deadline != null) deadline.cancel(false);
        if (cpuCheck != null) cpuCheck.cancel(false);
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Which limit stopped the tree, if one did. */
    Ending.Timeout timeout() {
        return overCpu ? Ending.Timeout.CPU : timedOut ? Ending.Timeout.WALL : Ending.Timeout.NONE;
    }

    boolean outputOverflow() {
        return outputOverflow;
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Writes one protocol line; false if the process no longer reads (it died or closed stdin). */
    boolean writeLine(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The next line on stdout, or null at end of output (the process died, or was killed at the deadline or for flooding). */
    String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try {
            while (true) {
                int b = stdout.read();
                if (b < 0) return null;
                if (b == '\n') return line.toString(StandardCharsets.UTF_8);
                if (line.size() >= outputCap) {
                    outputOverflow = true;
                    kill();
                    return null;
                }
                line.write(b);
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Collects stdout in the background (program mode); see {@link #stdoutBytes}. */
    void collectStdout() {
        collected = new Drain(stdout, outputCap, outputCap, this);
        Thread.ofVirtual().name("sputnik-sandbox-stdout").start(collected);
    }

    /** The exit code; only once the process has ended. */
    int exitCode() {
        return process.exitValue();
    }

    /** Whether the root process ended within {@code millis}. */
    boolean exitsWithin(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for the process to end (at most until the deadline kills it), then for its output to be drained. */
    int waitFor() throws InterruptedException {
        int code = process.waitFor();
        if (collected != null) collected.awaitEnd();
        stderr.awaitEnd();
        return code;
    }

    String stdoutText() {
        return collected == null ? "" : collected.text();
    }

    /** The end of stderr (its last bytes up to the cap). */
    String stderrText() {
        return stderr.text();
    }

    /** The first line of stderr: candidate.py's status in program mode. */
    String stderrFirstLine() {
        return stderr.firstLine();
    }

    /**
     * Kills the tree: its root (bwrap, whose sandbox init then gets SIGKILL from the kernel, taking
     * every process of the pid namespace with it), and, on the host, the descendants one by one first.
     */
    void kill() {
        if (killDescendants) process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        cancelDeadline();
        kill();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads a stream to its end, keeping its first line (where candidate.py puts its status, before any
     * model-written code runs) and its last {@code keep} bytes (where a traceback ends up); past
     * {@code killAfter} bytes the output is a flood and the tree is killed. For collected stdout,
     * keep and killAfter are the same cap, so what is kept is everything.
     */
    private static final class Drain implements Runnable {
        private static final int FIRST_LINE_MAX = 4096;
        private final InputStream in;
        private final int keep;
        private final long killAfter;
        private final SandboxProcess owner;
        private final ByteArrayOutputStream first = new ByteArrayOutputStream();
        private final byte[] ring; // the tail, when only the tail is kept
        private final ByteArrayOutputStream all; // everything, when everything up to the cap is kept
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        private boolean firstDone;
        private long total;

        Drain(InputStream in, int keep, long killAfter, SandboxProcess owner) {
            this.in = in;
            this.keep = keep;
            this.killAfter = killAfter;
            this.owner = owner;
            this.ring = keep >= killAfter ? null : new byte[keep];
            this.all = ring == null ? new ByteArrayOutputStream() : null;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            byte b = buf[i];
                            if (!firstDone) {
                                if (b == '\n' || first.size() >= FIRST_LINE_MAX) firstDone = true;
                                else first.write(b);
                            }
                            if (ring != null) ring[(int) (total % keep)] = b;
                            else if (total < keep) all.write(b);
                            total++;
                        }
                    }
                    if (total > killAfter) {
                        owner.outputOverflow = true;
                        owner.kill();
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            } finally {
                done.countDown();
            }
        }

        void awaitEnd() throws InterruptedException {
            done.await(10, TimeUnit.SECONDS);
        }

        synchronized String firstLine() {
            return first.toString(StandardCharsets.UTF_8);
        }

        /** The last {@code keep} bytes (all of it, if there was no more). */
        synchronized String text() {
            if (all != null) return all.toString(StandardCharsets.UTF_8);
            int n = (int) Math.min(total, keep);
            byte[] out = new byte[n];
            long from = total - n;
            for (int i = 0; i < n; i++) out[i] = ring[(int) ((from + i) % keep)];
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
