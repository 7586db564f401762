package sputnik.engines.builtin.bench;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tensor.Activation;
import sputnik.engines.builtin.tensor.Kernels;
import sputnik.engines.builtin.tensor.TensorKernel;

/**
 * One matrix times {@code b} activation vectors per operation, on one thread, over a weight matrix larger than the
 * caches (2048 columns, {@code mb} MiB of weights: 17,348 rows of Q8_0 at the default 36). Two ways to compute it:
 *
 * <ul>
 *   <li>{@code naive}: the single-vector kernel run once per vector, over 8 rows at a time (17 KB of Q8_0, so each
 *       vector after the first reads the rows from L1): every vector decodes every weight block again.
 *   <li>{@code fused}: {@link TensorKernel#rows(MemorySegment, long, long, int, int, Activation[], int, int, float[][],
 *       int)}, whose tiles of 4 and 2 vectors decode each weight block once for all the tile's vectors.
 * </ul>
 *
 * <p>Report: weight bytes / time (GB/s: {@code bytes} below divided by the score) and {@code b} times that many
 * multiply-adds per weight. What to expect: at {@code b = 1} both are the same code (equal within noise); as {@code b}
 * grows the work per weight byte grows, both become compute bound, and {@code fused} should take less time per vector
 * than {@code naive}, since it loads, widens and scales each block once per tile instead of once per vector: for Q8_0
 * on one Zen 4 core, about 1.3x at {@code b = 2} and 1.4-1.5x from {@code b = 4}. Each vector's results are the
 * same in both (bit for bit: MultiVectorTest). The vector width is the JVM's ({@code -jvmArgsAppend
 * -Dsputnik.vector.bits=256} to set it): on Zen 4 Q8_0's tiles are 10-15% faster at 256 bits than at 512.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class MultiVectorBench {
    static final int COLS = 2048;
    static final int CHUNK = 8; // rows the naive way runs every vector over before moving on

    @Param({"Q8_0"})
    public String type;

    @Param({"1", "2", "4", "8", "16"})
    public int b;

    @Param({"naive", "fused"})
    public String impl;

    /** MiB of weights: 36 MiB is 17,348 rows of 2048 Q8_0 values, far more than the L2 and L3 caches of one core. */
    @Param({"36"})
    public int mb;

    private TensorKernel kernel;
    private MemorySegment m;
    private long rowBytes;
    private int rows;
    private Activation[] xs;
    private float[][] outs;

    @Setup(Level.Trial)
    public void setup() {
        GgmlType t = GgmlType.valueOf(type);
        kernel = TensorKernel.of(t);
        rows = Pools.rowsFor(t, COLS, mb);
        rowBytes = t.bytesFor(COLS);
        try (WorkerPool pool = new WorkerPool(1)) {
            m = Pools.randomWeights(t, (long) rows * COLS, 1, pool);
        }
        xs = new Activation[b];
        outs = new float[b][rows];
        for (int j = 0; j < b; j++) {
            xs[j] = Activation.of(Pools.gaussian(COLS, 2 + j));
            xs[j].prepare(t);
        }
        System.out.printf("%n%s: %d rows, %d bytes of weights, %d multiply-adds per operation; kernels: %s%n", type, rows, rowBytes * rows,
                (long) b * rows * COLS, Kernels.describe());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        xs = null;
    }

    @Benchmark
    public void product(Blackhole bh) {
        if (impl.equals("fused")) {
            kernel.rows(m, 0, rowBytes, 0, rows, xs, b, COLS, outs, 0);
        } else {
            for (int r = 0; r < rows; r += CHUNK) {
                int to = Math.min(rows, r + CHUNK);
                for (int j = 0; j < b; j++) kernel.rows(m, 0, rowBytes, r, to, xs[j], COLS, outs[j], r);
            }
        }
        bh.consume(outs[b - 1][rows - 1]);
    }
}
