package sputnik.datasets.sandbox;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every sandbox process from one long-lived platform thread. bwrap's --die-with-parent is
 * PR_SET_PDEATHSIG, which fires when the THREAD that started the process ends, not the JVM: a sandbox
 * started from a pool thread that later exits, or from a virtual thread's carrier, would be killed
 * under its feet (a reused tester dying between jobs, a candidate dying mid-test).
 */
final class Spawner {
    private Spawner() {}

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sputnik-sandbox-spawner");
        t.setDaemon(true);
        return t;
    });

    static Process start(ProcessBuilder pb) throws IOException {
        Future<Process> f = THREAD.submit(pb::start);
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("could not start a sandbox: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            // Started or not, the process must not be lost: wait for it, then pass the interrupt on.
            try {
                return f.get();
            } catch (ExecutionException | InterruptedException again) {
                throw new IOException("interrupted while starting a sandbox", e);
            } finally {
                Thread.currentThread().interrupt();
            }
        }
    }
}
