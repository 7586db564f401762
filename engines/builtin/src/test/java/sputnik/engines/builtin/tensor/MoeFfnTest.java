package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.parallel.WorkerPool;

class MoeFfnTest {
    @Test
    void routesToTheTopKAndMatchesANaiveForward() {
        int embd = 256, ff = 256, experts = 16, k = 4;
        try (Arena arena = Arena.ofShared(); WorkerPool pool = new WorkerPool(2)) {
            Matrix router = new Matrix(GgmlType.F32, Naive.randomRows(arena, GgmlType.F32, experts, embd, 0, 1), 0, experts, embd);
            ExpertTensor gate = new ExpertTensor(GgmlType.Q8_0, Naive.randomRows(arena, GgmlType.Q8_0, experts * ff, embd, 0, 2), 0, experts, ff, embd);
            ExpertTensor up = new ExpertTensor(GgmlType.Q8_0, Naive.randomRows(arena, GgmlType.Q8_0, experts * ff, embd, 0, 3), 0, experts, ff, embd);
            ExpertTensor down = new ExpertTensor(GgmlType.Q6_K, Naive.randomRows(arena, GgmlType.Q6_K, experts * embd, ff, 0, 4), 0, experts, embd, ff);
            MoeFfn moe = new MoeFfn(new MatVec(pool), router, gate, up, down, k, true);
            float[] xs = Naive.activations(embd, 7);
            Activation x = Activation.of(xs);
            float[] out = new float[embd];
            moe.forward(x, out, 0);

            // naive: float router, softmax, top-k, renormalise; experts with the kernels' own activation rounding
            double[] logits = new double[experts];
            float[] wrow = new float[embd];
            for (int e = 0; e < experts; e++) {
                router.dequantizeRow(e, wrow, 0);
                for (int i = 0; i < embd; i++) logits[e] += (double) wrow[i] * xs[i];
            }
            Integer[] order = new Integer[experts];
            for (int e = 0; e < experts; e++) order[e] = e;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(logits[b], logits[a]));
            assertThat(moe.selected()).containsExactly(order[0], order[1], order[2], order[3]);
            double max = logits[order[0]], z = 0;
            for (double l : logits) z += Math.exp(l - max);
            double wsum = 0;
            double[] w = new double[k];
            for (int j = 0; j < k; j++) wsum += w[j] = Math.exp(logits[order[j]] - max) / z;
            for (int j = 0; j < k; j++) assertThat((double) moe.weights()[j]).isCloseTo(w[j] / wsum, within(1e-5));

            double[] expected = new double[embd];
            double[] xe = Naive.effectiveActivation(GgmlType.Q8_0, x);
            for (int j = 0; j < k; j++) {
                int e = order[j];
                float[] h = new float[ff];
                for (int r = 0; r < ff; r++) {
                    double g = 0, u = 0;
                    for (int i = 0; i < embd; i++) {
                        g += Naive.value(GgmlType.Q8_0, gate.data(), gate.expertOffset(e) + r * gate.rowBytes(), i) * xe[i];
                        u += Naive.value(GgmlType.Q8_0, up.data(), up.expertOffset(e) + r * up.rowBytes(), i) * xe[i];
                    }
                    h[r] = (float) (g / (1 + Math.exp(-g)) * u);
                }
                Activation ha = Activation.of(h);
                double[] he = Naive.effectiveActivation(GgmlType.Q6_K, ha);
                for (int r = 0; r < embd; r++) {
                    double y = 0;
                    for (int i = 0; i < ff; i++) y += Naive.value(GgmlType.Q6_K, down.data(), down.expertOffset(e) + r * down.rowBytes(), i) * he[i];
                    expected[r] += w[j] / wsum * y;
                }
            }
            double scale = 0;
            for (double v : expected) scale = Math.max(scale, Math.abs(v));
            for (int r = 0; r < embd; r++) assertThat((double) out[r]).as("output %d", r).isCloseTo(expected[r], within(2e-3 * scale));
            assertThat(moe.activeWeightBytes()).isEqualTo(router.byteSize() + k * (gate.expertBytes() + up.expertBytes() + down.expertBytes()));
        }
    }

    /** Shared experts: the routed sum plus one SwiGLU block of the same input, each as the kernels compute it alone, for any batch. */
    @Test
    void sharedExpertsAddTheirSwiGluBlockToTheRoutedSum() {
        int embd = 64, ff = 32, sff = 64, experts = 8, tokens = 5;
        try (Arena arena = Arena.ofShared(); WorkerPool pool = new WorkerPool(2)) {
            MatVec mv = new MatVec(pool);
            Matrix router = new Matrix(GgmlType.F32, Naive.randomRows(arena, GgmlType.F32, experts, embd, 0, 1), 0, experts, embd);
            ExpertTensor gate = new ExpertTensor(GgmlType.Q8_0, Naive.randomRows(arena, GgmlType.Q8_0, experts * ff, embd, 0, 2), 0, experts, ff, embd);
            ExpertTensor up = new ExpertTensor(GgmlType.Q8_0, Naive.randomRows(arena, GgmlType.Q8_0, experts * ff, embd, 0, 3), 0, experts, ff, embd);
            ExpertTensor down = new ExpertTensor(GgmlType.Q8_0, Naive.randomRows(arena, GgmlType.Q8_0, experts * embd, ff, 0, 4), 0, experts, embd, ff);
            Matrix sg = new Matrix(GgmlType.Q8_0, Naive.randomRows(arena, GgmlType.Q8_0, sff, embd, 0, 5), 0, sff, embd);
            Matrix su = new Matrix(GgmlType.Q8_0, Naive.randomRows(arena, GgmlType.Q8_0, sff, embd, 0, 6), 0, sff, embd);
            Matrix sd = new Matrix(GgmlType.Q8_0, Naive.randomRows(arena, GgmlType.Q8_0, embd, sff, 0, 7), 0, embd, sff);
            Routing routing = new GroupLimitedRouting(true, null, 4, 2, 3, true, 2.5f);
            MoeFfn routed = new MoeFfn(mv, router, gate, up, down, routing), both = new MoeFfn(mv, router, gate, up, down, routing, sg, su, sd);
            Activation[] xs = new Activation[tokens];
            float[][] a = new float[tokens][embd], b = new float[tokens][embd];
            for (int t = 0; t < tokens; t++) xs[t] = Activation.of(Naive.activations(embd, 10 + t));
            routed.forward(xs, tokens, a);
            both.forward(xs, tokens, b);
            for (int t = 0; t < tokens; t++) {
                float[] g = new float[sff], u = new float[sff], y = new float[embd];
                mv.matvec(sg, xs[t], g, 0);
                mv.matvec(su, xs[t], u, 0);
                VectorMath.swiglu(g, 0, u, 0, g, 0, sff);
                mv.matvec(sd, Activation.of(g), y, 0);
                for (int i = 0; i < embd; i++) assertThat(b[t][i]).as("token %d, output %d", t, i).isEqualTo(a[t][i] + y[i]);
            }
            assertThat(both.activeWeightBytes() - routed.activeWeightBytes()).isEqualTo(sg.byteSize() + su.byteSize() + sd.byteSize());
        }
    }
}
