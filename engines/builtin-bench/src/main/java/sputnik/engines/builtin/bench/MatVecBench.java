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
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Matrix;

/**
 * One matrix-vector product per operation over a weight matrix far larger than the L3 cache (2048 columns,
 * {@code mb} MiB of weights), with the activation quantized once (as a layer does). Weight bytes / time is the
 * read bandwidth the kernel achieves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class MatVecBench {
    static final int COLS = 2048;

    @Param({"Q8_0", "Q4_K", "Q4_0", "Q6_K", "F16", "BF16", "F32"})
    public String type;

    @Param({"1", "2"})
    public int threads;

    @Param({"512"})
    public int mb;

    private WorkerPool pool;
    private MatVec matvec;
    private Matrix w;
    private Activation x;
    private float[] out;

    /** Bytes of weights one operation reads. */
    static long weightBytes(GgmlType type, int mb) {
        return type.bytesFor(COLS) * Pools.rowsFor(type, COLS, mb);
    }

    @Setup(Level.Trial)
    public void setup() {
        GgmlType t = GgmlType.valueOf(type);
        pool = new WorkerPool(threads);
        matvec = new MatVec(pool);
        int rows = Pools.rowsFor(t, COLS, mb);
        MemorySegment m = Pools.randomWeights(t, (long) rows * COLS, 1, pool);
        w = new Matrix(t, m, 0, rows, COLS);
        x = Activation.of(Pools.gaussian(COLS, 2));
        out = new float[rows];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public void matvec(Blackhole bh) {
        matvec.matvec(w, x, out, 0);
        bh.consume(out[out.length - 1]);
    }
}
