package sputnik.engines.openai.client;

/**
 * Spaces requests evenly to stay under a requests-per-minute quota: each caller reserves the next free
 * slot, {@code 60 s / rpm} after the previous one, and sleeps until it comes. No bursts, so a quota
 * measured over any window of a minute is never exceeded.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private long next = Long.MIN_VALUE;

    RateLimiter(double perMinute) {
        if (!(perMinute > 0)) throw new IllegalArgumentException("requests per minute must be > 0");
        this.intervalNanos = (long) (60e9 / perMinute);
    }

    void acquire() throws InterruptedException {
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = next == Long.MIN_VALUE || next - now < 0 ? now : next;
            next = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
}
