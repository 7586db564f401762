package sputnik.engines.builtin.bench;

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
import sputnik.engines.builtin.tensor.ExpertTensor;
import sputnik.engines.builtin.tensor.MatVec;
import sputnik.engines.builtin.tensor.Matrix;
import sputnik.engines.builtin.tensor.MoeFfn;

/**
 * One MoE feed-forward block per operation, on a Qwen3-30B-A3B-like layer slice: n_embd 2048, {@code experts}
 * experts of FFN size {@code ff}, top-8 with renormalised weights, F32 router. The input cycles through 64
 * random vectors so the selected experts change from call to call, as from token to token (the same 8 experts
 * every time would sit in the L3 cache). Active bytes (router + 8 experts' gate, up and down) / time is the
 * read bandwidth.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class MoeBench {
    static final int EMBD = 2048, TOP_K = 8, INPUTS = 64;

    @Param({"128:768", "64:512"})
    public String shape;

    @Param({"Q8_0", "Q4_K"})
    public String weights;

    @Param({"1", "2"})
    public int threads;

    private WorkerPool pool;
    private MoeFfn moe;
    private Activation[] inputs;
    private float[] out;
    private int next;

    static int experts(String shape) {
        return Integer.parseInt(shape.substring(0, shape.indexOf(':')));
    }

    static int ff(String shape) {
        return Integer.parseInt(shape.substring(shape.indexOf(':') + 1));
    }

    /** Bytes one operation reads: the F32 router and the selected experts' three matrices. */
    static long activeBytes(String shape, GgmlType type) {
        int e = experts(shape), ff = ff(shape);
        return GgmlType.F32.bytesFor(EMBD) * e + (long) TOP_K * (2 * type.bytesFor(EMBD) * ff + type.bytesFor(ff) * EMBD);
    }

    /** Weights one operation reads. */
    static long activeWeights(String shape) {
        return (long) experts(shape) * EMBD + 3L * TOP_K * ff(shape) * EMBD;
    }

    @Setup(Level.Trial)
    public void setup() {
        GgmlType t = GgmlType.valueOf(weights);
        int e = experts(shape), ff = ff(shape);
        pool = new WorkerPool(threads);
        Matrix router = new Matrix(GgmlType.F32, Pools.randomWeights(GgmlType.F32, (long) e * EMBD, 1, pool), 0, e, EMBD);
        ExpertTensor gate = new ExpertTensor(t, Pools.randomWeights(t, (long) e * ff * EMBD, 2, pool), 0, e, ff, EMBD);
        ExpertTensor up = new ExpertTensor(t, Pools.randomWeights(t, (long) e * ff * EMBD, 3, pool), 0, e, ff, EMBD);
        ExpertTensor down = new ExpertTensor(t, Pools.randomWeights(t, (long) e * EMBD * ff, 4, pool), 0, e, EMBD, ff);
        moe = new MoeFfn(new MatVec(pool), router, gate, up, down, TOP_K, true);
        inputs = new Activation[INPUTS];
        for (int i = 0; i < INPUTS; i++) inputs[i] = Activation.of(Pools.gaussian(EMBD, 100 + i));
        out = new float[EMBD];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public void moeBlock(Blackhole bh) {
        moe.forward(inputs[next], out, 0);
        next = (next + 1) % INPUTS;
        bh.consume(out[0]);
    }
}
