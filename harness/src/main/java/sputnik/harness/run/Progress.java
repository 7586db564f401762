package sputnik.harness.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress on stderr: a redrawn bar with rate, ETA and running accuracy on a terminal; a plain line
 * every few seconds otherwise (CI logs, pipes), so logs stay readable.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final boolean terminal;
    private final int total;
    private final int alreadyDone;
    private final int alreadyCorrect;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger correct = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;

    public Progress(PrintStream err, boolean terminal, int total, int alreadyDone, int alreadyCorrect) {
        this.err = err;
        this.terminal = terminal;
        this.total = total;
        this.alreadyDone = alreadyDone;
        this.alreadyCorrect = alreadyCorrect;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sputnik-progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? 200 : 10_000;
        ticker.scheduleAtFixedRate(this::draw, terminal ? 0 : period, period, TimeUnit.MILLISECONDS);
    }

    public static boolean stderrIsTerminal() {
        var console = System.console();
        return console != null && console.isTerminal() && System.getenv("CI") == null;
    }

    public void sampleDone(boolean wasCorrect) {
        done.incrementAndGet();
        if (wasCorrect) correct.incrementAndGet();
    }

    public void sampleFailed() {
        failed.incrementAndGet();
    }

    private synchronized void draw() {
        err.print(terminal ? "\r" + line() + "\u001b[K" : line() + "\n");
        err.flush();
    }

    String line() {
        int d = done.get();
        int all = alreadyDone + d;
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = secs > 0 ? d / secs : 0;
        int left = total - all - failed.get();
        String eta = rate > 0 ? clock(left / rate) : "?";
        int c = alreadyCorrect + correct.get();
        String acc = all > 0 ? String.format(Locale.ROOT, "%.1f%%", 100.0 * c / all) : "-";
        int width = 24;
        int filled = total == 0 ? width : (int) ((long) width * all / total);
        String bar = terminal ? "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " : "progress: ";
        return String.format(Locale.ROOT, "%s%d/%d samples  %.2f/s  ETA %s  accuracy %s%s", bar, all, total, rate, eta, acc,
                failed.get() > 0 ? "  errors " + failed.get() : "");
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        draw();
        if (terminal) {
            err.println();
        }
    }
}
