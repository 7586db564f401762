package sputnik.engines.builtin.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tensor.RandomWeights;

/** Shared setup for the benchmarks: random weights off-heap, filled in parallel, and sizes. */
final class Pools {
    private Pools() {}

    /** {@code values} random values of {@code type} in fresh native memory (page-aligned), filled on {@code pool}'s threads. */
    static MemorySegment randomWeights(GgmlType type, long values, long seed, WorkerPool pool) {
        long bytes = type.bytesFor(values);
        MemorySegment m = Arena.global().allocate(bytes, 4096);
        long blocks = values / type.blockSize();
        pool.run((w, n) -> {
            long from = WorkerPool.start(blocks, w, n), to = WorkerPool.start(blocks, w + 1, n);
            RandomWeights.fill(type, m, from * type.blockBytes(), (to - from) * type.blockSize(), new SplittableRandom(seed * 31 + w));
        });
        return m;
    }

    static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    /** Rows of a matrix of {@code cols} columns of {@code type} that take about {@code megabytes} MiB. */
    static int rowsFor(GgmlType type, int cols, int megabytes) {
        return (int) ((long) megabytes * (1 << 20) / type.bytesFor(cols));
    }
}
