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
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tensor.Attention;

/**
 * One decode step of attention for one layer: 32 query heads over an F32 KV cache of {@code positions}
 * positions with 4 KV heads of 128 (Qwen3-30B-A3B's shape), KV heads split across the workers, each with its 8
 * query heads ({@code Attention.attendGroup}: every key and value is read once per step). Per query head and
 * position: a 128-long dot product, then an axpy (4 * 128 flops).
 *
 * <p>Note: this measures {@code tensor.Attention}, the contiguous F32 kernel the engine used before its KV cache became
 * paged and fp16; the engine's own attention now runs in {@code model.BatchForward} (pages of 16 positions, fp16
 * converted on read, runs of prompt tokens together), which this benchmark does not exercise yet. Read its figures as
 * the cost of the dot products and axpys alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class AttentionBench {
    static final int HEADS = 32, KV_HEADS = 4, HEAD_DIM = 128;

    @Param({"512", "4096"})
    public int positions;

    @Param({"1", "2"})
    public int threads;

    private WorkerPool pool;
    private float[] q, keys, values, out;
    private float[][] scratch;
    private WorkerPool.Task task;

    /** Floating-point operations of one step. */
    static long flops(int positions) {
        return 4L * HEADS * positions * HEAD_DIM;
    }

    /** Bytes of the KV cache one step reads (each KV head's keys and values once). */
    static long cacheBytes(int positions) {
        return 2L * 4 * KV_HEADS * positions * HEAD_DIM;
    }

    @Setup(Level.Trial)
    public void setup() {
        pool = new WorkerPool(threads);
        int stride = KV_HEADS * HEAD_DIM;
        keys = Pools.gaussian(positions * stride, 1);
        values = Pools.gaussian(positions * stride, 2);
        q = Pools.gaussian(HEADS * HEAD_DIM, 3);
        out = new float[HEADS * HEAD_DIM];
        int group = HEADS / KV_HEADS;
        scratch = new float[threads][group * positions];
        float scale = (float) (1 / Math.sqrt(HEAD_DIM));
        // KV heads split across the workers; each computes its group of query heads reading the cache once
        task = (w, n) -> {
            for (int kv = WorkerPool.start(KV_HEADS, w, n); kv < WorkerPool.start(KV_HEADS, w + 1, n); kv++) {
                Attention.attendGroup(q, kv * group * HEAD_DIM, group, keys, values, kv * HEAD_DIM, stride, positions, HEAD_DIM, scale, scratch[w], out,
                        kv * group * HEAD_DIM);
            }
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public void attention(Blackhole bh) {
        pool.run(task);
        bh.consume(out[0]);
    }
}
