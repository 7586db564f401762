package sputnik.engines.builtin.cli;

import sputnik.engines.builtin.parallel.WorkerPool;

/**
 * A STREAM triad ({@code a[i] = b[i] + s * c[i]}) over arrays far larger than any cache, on a worker pool: the memory
 * bandwidth this process can reach with these threads right now, the yardstick for the GB/s of weights a benchmark
 * reads (this machine's bandwidth moves from day to day; a ratio to a triad measured beside it does not).
 */
final class Triad {
    private Triad() {}

    /** 3 arrays of 32 Mi floats (384 MiB): far beyond the L3 cache. */
    private static final int N = 32 << 20;

    /** The best of 5 triads, in GB/s (3 arrays x 4 bytes per element, as STREAM counts it). */
    static double gbPerSecond(WorkerPool pool) {
        float[] a = new float[N], b = new float[N], c = new float[N];
        for (int i = 0; i < N; i++) {
            b[i] = i;
            c[i] = 0.5f * i;
        }
        long best = Long.MAX_VALUE;
        for (int r = 0; r < 6; r++) {
            long t0 = System.nanoTime();
            pool.run((part, parts) -> {
                int from = WorkerPool.start(N, part, parts), to = WorkerPool.start(N, part + 1, parts);
                for (int i = from; i < to; i++) a[i] = b[i] + 3f * c[i];
            });
            long t = System.nanoTime() - t0;
            if (r > 0) best = Math.min(best, t); // the first run pages the arrays in and compiles the loop
        }
        return 3.0 * 4 * N / best;
    }
}
