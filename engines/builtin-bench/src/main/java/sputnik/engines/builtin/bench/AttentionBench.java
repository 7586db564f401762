package sputnik.engines.builtin.bench;

import java.util.SplittableRandom;
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
import sputnik.engines.builtin.model.Hyperparameters;
import sputnik.engines.builtin.model.KvCache;
import sputnik.engines.builtin.model.KvSequence;
import sputnik.engines.builtin.model.PagedAttention;
import sputnik.engines.builtin.model.PassTokens;
import sputnik.engines.builtin.parallel.WorkerPool;

/**
 * One decode step of the engine's attention for one layer ({@link PagedAttention#run}, as a forward pass calls it): one
 * sequence, one token at the last of {@code positions} positions of a paged KV cache (pages of 16 positions, {@code
 * cacheType} F16 as the engine's default, converted to floats on read; random keys and values written through {@link
 * PassTokens#writeKv} as a prompt and the step's token write theirs), in one of two shapes:
 * <ul>
 *   <li>{@code qwen3moe} (Qwen3-30B-A3B): 32 query heads over 4 KV heads, keys and values of 128; per position a key
 *       row and a value row of 4 x 128. The 4 KV heads are the work items (at 1 or 2 threads), each reading its keys
 *       and values once for its 8 query heads.
 *   <li>{@code deepseek-v3} (deepseek2's absorbed MLA, DeepSeek-V3/R1, Kimi-K2): 128 query heads over one latent row
 *       per position of 576 values (kv_lora 512 + rope 64), the value being the row's first 512. One KV head: the 128
 *       heads are sliced in 2 x threads items (2 or 4), each reading every row, then its first 512 values again.
 * </ul>
 * Per query head and position: a dot product of the key width and an axpy of the value width ({@link #flops}: 4 x 32 x
 * 128 = 16 KFLOP per position for qwen3moe, 2 x 128 x (576 + 512) = 0.28 MFLOP, 17 times that, for deepseek-v3), plus
 * the softmax. {@link #cacheBytes}: the cache rows of the step's positions, counted once (2 KiB per position in F16
 * for qwen3moe, 1,152 B for deepseek-v3); deepseek-v3's items read them several times, from the L2 or L3 cache at
 * these lengths (4.7 MB at 4096 positions).
 *
 * <p>What to expect: bound by the arithmetic and the fp16 conversion, not by memory. qwen3moe's dots and axpys of 128
 * run at 7 to 13 GFLOP/s on one core (its cache read at 1 to 1.6 GB/s), slower per position at 4096 positions (14 times
 * the 512-position step) as the cache leaves L2; deepseek-v3's of 512 to 576 at about 22 GFLOP/s, two thirds of one
 * core's FMA peak. Measured on the README's 2-core AMD EPYC while other work loaded it (load average 2 to 3.5, so two
 * threads gained from 1x to 2x): qwen3moe 0.66 ms per step at 512 positions and 9.5 ms at 4096 on one thread, 0.37 and
 * 5.1 ms on two; deepseek-v3 6.4 and 46 to 50 ms on one thread, 3.6 and 32 to 56 ms on two.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class AttentionBench {
    static final int PAGE_SIZE = 16;

    /** An attention shape: query heads, KV heads, key and value widths per KV head, and whether values are the key row's first values. */
    record Shape(int heads, int kvHeads, int keyWidth, int valueWidth, boolean latent, float scale) {
        static Shape of(String name) {
            return switch (name) {
                case "qwen3moe" -> new Shape(32, 4, 128, 128, false, (float) (1 / Math.sqrt(128)));
                // deepseek2's scale is 1 / sqrt(nope 128 + rope 64) times YaRN's mscale squared; the constant does not change the work
                case "deepseek-v3" -> new Shape(128, 1, 576, 512, true, (float) (1 / Math.sqrt(192)));
                default -> throw new IllegalArgumentException("unknown attention shape " + name + " (qwen3moe or deepseek-v3)");
            };
        }

        /** One layer of a model of this shape (only the attention's fields matter to the KV cache). */
        Hyperparameters hyperparameters() {
            return latent
                    ? new Hyperparameters("deepseek2", 1, 7168, heads, kvHeads, keyWidth, valueWidth, 64, 10000f, 1f, 1e-6f, 163840, 129280, 18432, 256, 8, 2048, true)
                    : new Hyperparameters("qwen3moe", 1, 2048, heads, kvHeads, keyWidth, valueWidth, keyWidth, 1e6f, 1f, 1e-6f, 40960, 151936, 0, 128, 8, 768, false);
        }
    }

    @Param({"qwen3moe", "deepseek-v3"})
    public String shape;

    @Param({"512", "4096"})
    public int positions;

    @Param({"1", "2"})
    public int threads;

    @Param({"F16"})
    public String cacheType;

    private WorkerPool pool;
    private KvCache cache;
    private KvSequence seq;
    private PassTokens step;
    private PagedAttention attention;
    private float[][] q, out;

    /** Floating-point operations of one step: per query head and position a dot of the key width and an axpy of the value width. */
    static long flops(String shape, int positions) {
        Shape s = Shape.of(shape);
        return 2L * s.heads() * positions * (s.keyWidth() + s.valueWidth());
    }

    /** Bytes of the KV cache one step covers: every position's key row and value row (only the key row with a latent KV), once. */
    static long cacheBytes(String shape, int positions, String cacheType) {
        return positions * KvCache.bytesPerToken(Shape.of(shape).hyperparameters(), KvCache.Type.valueOf(cacheType));
    }

    @Setup(Level.Trial)
    public void setup() {
        Shape s = Shape.of(shape);
        Hyperparameters hp = s.hyperparameters();
        KvCache.Type type = KvCache.Type.valueOf(cacheType);
        pool = new WorkerPool(threads);
        cache = new KvCache(hp, type, PAGE_SIZE, (positions + PAGE_SIZE) * KvCache.bytesPerToken(hp, type));
        seq = new KvSequence(cache);
        if (!seq.reserve(positions)) throw new IllegalStateException("the KV cache holds no " + positions + " positions");
        SplittableRandom random = new SplittableRandom(1);
        float[] k = new float[hp.kvDim()], v = s.latent() ? null : new float[hp.cachedValueWidth()];
        // the positions before the step's: one prompt pass
        PassTokens prompt = PassTokens.forAttention(positions - 1);
        for (int p = 0; p < positions - 1; p++) write(prompt, prompt.add(seq), random, k, v);
        // the step: one token at the last position, whose key and value are written before its attention runs
        step = PassTokens.forAttention(1);
        write(step, step.add(seq), random, k, v);
        q = new float[][] {Pools.gaussian(s.heads() * s.keyWidth(), 3)};
        out = new float[1][s.heads() * s.valueWidth()];
        attention = new PagedAttention(pool, s.heads(), s.kvHeads(), s.keyWidth(), s.valueWidth(), s.scale());
    }

    private static void write(PassTokens pass, int t, SplittableRandom random, float[] k, float[] v) {
        for (int i = 0; i < k.length; i++) k[i] = (float) random.nextGaussian();
        if (v != null) for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian();
        pass.writeKv(t, 0, k, 0, v, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        seq.close();
        cache.close();
        pool.close();
    }

    @Benchmark
    public void attention(Blackhole bh) {
        attention.run(0, step, q, out);
        bh.consume(out[0][0]);
    }
}
