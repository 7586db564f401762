package sputnik.engines.builtin.bench;

import java.lang.foreign.Arena;
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
import sputnik.engines.builtin.tensor.Interleaved;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Matrix;

/**
 * A Q8_0 matrix of {@code mb} MiB (2048 columns, far larger than L3) times {@code vectors} activation vectors, read in
 * GGUF's row-major layout or repacked with four rows interleaved ({@link Interleaved}, what the engine does at load time
 * unless {@code --no-repack}). Both layouts give the same bits; this measures what the layout changes.
 *
 * <p>Expected: with one vector (single-sequence decode, bound by memory) the interleaved layout is faster, about 10-20%
 * on one thread on Zen 4, since a group of four rows is one sequential stream and the activation is read once for four
 * rows; with many vectors (prompts, batches; bound by the multiply-adds) it is as fast or up to about 10% slower, since
 * the tiles step through a row's blocks 136 bytes apart and touch every cache line of the group once per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class InterleavedBench {
    static final int COLS = 2048;

    @Param({"row-major", "interleaved"})
    public String layout;

    @Param({"1", "16"})
    public int vectors;

    @Param({"1", "2"})
    public int threads;

    @Param({"512"})
    public int mb;

    private WorkerPool pool;
    private Arena arena;
    private MatVec matvec;
    private Matrix w;
    private Activation[] xs;
    private float[][] outs;

    @Setup(Level.Trial)
    public void setup() {
        pool = new WorkerPool(threads);
        matvec = new MatVec(pool);
        int rows = Pools.rowsFor(GgmlType.Q8_0, COLS, mb) / Interleaved.ROWS * Interleaved.ROWS;
        long rowBytes = GgmlType.Q8_0.bytesFor(COLS);
        MemorySegment m = Pools.randomWeights(GgmlType.Q8_0, (long) rows * COLS, 1, pool);
        if (layout.equals("interleaved")) {
            arena = Arena.ofShared();
            MemorySegment packed = arena.allocate(rows * rowBytes, 64);
            Interleaved.repack(m, 0, packed, 0, rowBytes, 0, rows / Interleaved.ROWS);
            w = new Matrix(GgmlType.Q8_0, packed, 0, rows, COLS, true);
        } else {
            w = new Matrix(GgmlType.Q8_0, m, 0, rows, COLS);
        }
        xs = new Activation[vectors];
        for (int j = 0; j < vectors; j++) xs[j] = Activation.of(Pools.gaussian(COLS, 2 + j));
        outs = new float[vectors][rows];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        if (arena != null) arena.close();
    }

    @Benchmark
    public void product(Blackhole bh) {
        if (vectors == 1) matvec.matvec(w, xs[0], outs[0], 0);
        else matvec.batch().add(w, xs, vectors, outs, 0).run();
        bh.consume(outs[vectors - 1][0]);
    }
}
