package sputnik.engines.builtin.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import sputnik.engines.builtin.tensor.VectorMath;

/**
 * RMSNorm of one hidden state ({@code n} = 2048) and softmax over {@code n} values (128 router logits; a
 * 151,936-entry vocabulary), each in its vector and scalar version, single-threaded. The data sit in L1/L2:
 * these are latency figures for the sequential steps between matrix products.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class NormBench {
    @State(Scope.Thread)
    public static class Norm {
        @Param({"vector", "scalar"})
        public String impl;

        @Param({"2048"})
        public int embd;

        float[] x, w, y;

        @Setup
        public void setup() {
            x = Pools.gaussian(embd, 1);
            w = Pools.gaussian(embd, 2);
            y = new float[embd];
        }
    }

    @State(Scope.Thread)
    public static class Soft {
        @Param({"vector", "scalar"})
        public String impl;

        @Param({"128", "151936"})
        public int logits;

        float[] src, s;

        @Setup
        public void setup() {
            src = Pools.gaussian(logits, 3);
            s = new float[logits];
        }
    }

    @Benchmark
    public float rmsnorm(Norm n) {
        if (n.impl.equals("vector")) VectorMath.rmsnormVector(n.y, 0, n.x, 0, n.w, 0, n.embd, 1e-6f);
        else VectorMath.rmsnormScalar(n.y, 0, n.x, 0, n.w, 0, n.embd, 1e-6f);
        return n.y[n.embd - 1];
    }

    @Benchmark
    public float softmax(Soft t) {
        System.arraycopy(t.src, 0, t.s, 0, t.logits);
        if (t.impl.equals("vector")) VectorMath.softmaxVector(t.s, 0, t.logits);
        else VectorMath.softmaxScalar(t.s, 0, t.logits);
        return t.s[t.logits - 1];
    }
}
