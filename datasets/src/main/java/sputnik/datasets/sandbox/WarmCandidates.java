package sputnik.datasets.sandbox;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Candidate sandboxes started ahead of time, {@link CodeSandbox#WARM_PER_WORKER} per worker. Starting a
 * sandbox (namespaces, mounts, the interpreter) takes about 30 ms, 22 ms of it CPU time: done while the
 * previous program is being tested, it is off the critical path. Each one is still
 * used for exactly one program and then destroyed, so no state passes between executions.
 */
final class WarmCandidates implements AutoCloseable {
    private final Sandbox sandbox;
    private final SandboxLimits limits;
    private final int size;
    private final ConcurrentLinkedQueue<FunctionCandidate.Warm> ready = new ConcurrentLinkedQueue<>();
    private final ExecutorService refill = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sputnik-sandbox-warmer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    WarmCandidates(Sandbox sandbox, SandboxLimits limits, int size) {
        this.sandbox = sandbox;
        this.limits = limits;
        this.size = size;
    }

    /** A started sandbox: a warm one if there is one, else one started now; a replacement is started behind it. */
    FunctionCandidate.Warm take() throws IOException {
        FunctionCandidate.Warm w = ready.poll();
        if (!closed) refill.execute(this::topUp);
        return w != null ? w : FunctionCandidate.spawn(sandbox, limits);
    }

    private void topUp() {
        while (!closed && ready.size() < size) {
            try {
                ready.add(FunctionCandidate.spawn(sandbox, limits));
            } catch (IOException | RuntimeException e) {
                return; // the next take() starts one itself, and reports the failure if it persists
            }
        }
        if (closed) drain();
    }

    private void drain() {
        FunctionCandidate.Warm w;
        while ((w = ready.poll()) != null) w.close();
    }

    @Override
    public void close() {
        closed = true;
        refill.shutdown();
        try {
            refill.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }
}
