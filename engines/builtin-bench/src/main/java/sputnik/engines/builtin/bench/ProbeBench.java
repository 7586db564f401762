package sputnik.engines.builtin.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import sputnik.engines.builtin.parallel.WorkerPool;

/**
 * Probes of this machine's limits, the roofline the kernels are measured against: STREAM-like copy
 * ({@code c = a}), triad ({@code a = b + s * c}) and read ({@code sum of a}) over three 128 MiB float arrays
 * (far beyond the L3 cache), split across {@code threads} workers; peak FMA throughput (12 independent
 * 8-lane FMA chains per worker, in registers); and the cost of one empty parallel dispatch.
 * Bytes counted as STREAM does: copy 8, triad 12, read 4 bytes per element (no write-allocate traffic).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ProbeBench {
    static final int N = 32 << 20; // floats per array
    static final int FMA_STEPS = 1 << 20;
    static final int FMA_CHAINS = 12;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Param({"1", "2"})
    public int threads;

    private WorkerPool pool;
    private float[] a, b, c;
    private final double[] partial = new double[64];
    private WorkerPool.Task copy, triad, read, fma, empty;

    static long bytes(String probe) {
        return switch (probe) {
            case "copy" -> 8L * N;
            case "triad" -> 12L * N;
            case "read" -> 4L * N;
            default -> 0;
        };
    }

    /** Floating-point operations of one {@code fma} call per worker. */
    static long fmaFlopsPerThread() {
        return 2L * FMA_STEPS * FMA_CHAINS * F.length();
    }

    @Setup(Level.Trial)
    public void setup() {
        pool = new WorkerPool(threads);
        a = new float[N];
        b = new float[N];
        c = new float[N];
        pool.run((w, n) -> { // first touch on the worker that will use each part
            for (int i = WorkerPool.start(N, w, n); i < WorkerPool.start(N, w + 1, n); i++) {
                a[i] = 1f;
                b[i] = 2f;
                c[i] = 3f;
            }
        });
        copy = (w, n) -> {
            int from = WorkerPool.start(N, w, n), to = WorkerPool.start(N, w + 1, n);
            System.arraycopy(a, from, c, from, to - from);
        };
        triad = (w, n) -> {
            float s = 3f;
            for (int i = WorkerPool.start(N, w, n), to = WorkerPool.start(N, w + 1, n); i < to; i++) a[i] = b[i] + s * c[i];
        };
        read = (w, n) -> {
            int from = WorkerPool.start(N, w, n), to = WorkerPool.start(N, w + 1, n);
            FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
            int i = from, len = F.length();
            for (; i + 4 * len <= to; i += 4 * len) {
                s0 = s0.add(FloatVector.fromArray(F, a, i));
                s1 = s1.add(FloatVector.fromArray(F, a, i + len));
                s2 = s2.add(FloatVector.fromArray(F, a, i + 2 * len));
                s3 = s3.add(FloatVector.fromArray(F, a, i + 3 * len));
            }
            double sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
            for (; i < to; i++) sum += a[i];
            partial[w * 8] = sum;
        };
        fma = (w, n) -> {
            FloatVector m = FloatVector.broadcast(F, 0.999f), k = FloatVector.broadcast(F, 1e-3f);
            FloatVector v0 = FloatVector.broadcast(F, w), v1 = v0.add(1), v2 = v0.add(2), v3 = v0.add(3), v4 = v0.add(4), v5 = v0.add(5);
            FloatVector v6 = v0.add(6), v7 = v0.add(7), v8 = v0.add(8), v9 = v0.add(9), v10 = v0.add(10), v11 = v0.add(11);
            for (int i = 0; i < FMA_STEPS; i++) {
                v0 = v0.fma(m, k); v1 = v1.fma(m, k); v2 = v2.fma(m, k); v3 = v3.fma(m, k);
                v4 = v4.fma(m, k); v5 = v5.fma(m, k); v6 = v6.fma(m, k); v7 = v7.fma(m, k);
                v8 = v8.fma(m, k); v9 = v9.fma(m, k); v10 = v10.fma(m, k); v11 = v11.fma(m, k);
            }
            partial[w * 8] = v0.add(v1).add(v2).add(v3).add(v4).add(v5).add(v6).add(v7).add(v8).add(v9).add(v10).add(v11)
                    .reduceLanes(VectorOperators.ADD);
        };
        empty = (w, n) -> { };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public float copy() {
        pool.run(copy);
        return c[N - 1];
    }

    @Benchmark
    public float triad() {
        pool.run(triad);
        return a[N - 1];
    }

    @Benchmark
    public double read() {
        pool.run(read);
        return partial[0];
    }

    @Benchmark
    public double fma() {
        pool.run(fma);
        return partial[0];
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void dispatch() {
        pool.run(empty);
    }
}
