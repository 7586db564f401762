package sputnik.engines.builtin.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sputnik.engines.builtin.parallel.WorkerPool;

/**
 * {@link PagedAttention} against softmax(q . k * scale) . v computed directly in doubles from the floats written to an
 * F32 cache, for grouped-query attention (key and value rows) and for a latent KV (one row per position, its first
 * values the value): a prompt of several tokens of one sequence in one pass (causal: the token at position p sees
 * positions 0..p), then passes with tokens of two sequences. The pass is built through {@link PassTokens#forAttention}
 * and {@link PassTokens#add}, as the attention benchmark builds it.
 */
class PagedAttentionTest {
    private static final float SCALE = 0.37f;
    private static final int PAGE = 4, LAYERS = 2, LAYER = 1;

    /** Query heads, KV heads, key and value widths per KV head, and whether values are the key row's first values. */
    private record Shape(int heads, int kvHeads, int keyWidth, int valueWidth, boolean latent) {
        static Shape of(String name) {
            return switch (name) {
                case "gqa" -> new Shape(8, 2, 16, 16, false);     // qwen3moe-like: 4 query heads per KV head
                case "latent" -> new Shape(16, 1, 40, 32, true); // deepseek2's absorbed MLA: latent 32 + rope 8
                default -> throw new IllegalArgumentException(name);
            };
        }

        Hyperparameters hp() {
            return new Hyperparameters("test", LAYERS, 64, heads, kvHeads, keyWidth, valueWidth, 8, 10000f, 1f, 1e-6f, 4096, 100, 64, 0, 0, 0, latent);
        }
    }

    /** What was written for one sequence of the cache, by position: the key rows and value rows (none with a latent KV). */
    private static final class Written {
        final List<float[]> keys = new ArrayList<>(), values = new ArrayList<>();
    }

    private final SplittableRandom random = new SplittableRandom(42);
    private final Map<KvSequence, Written> written = new HashMap<>();

    private float[] gaussian(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextGaussian();
        return x;
    }

    /** Adds {@code n} tokens of {@code seq} to the pass and writes their keys and values (other values into the other layer). */
    private List<KvSequence> add(Shape s, PassTokens pass, List<KvSequence> order, KvSequence seq, int n) {
        for (int i = 0; i < n; i++) {
            int t = pass.add(seq);
            assertThat(pass.position(t)).isEqualTo(seq.length() - 1);
            order.add(seq);
            float[] k = gaussian(s.kvHeads() * s.keyWidth()), v = s.latent() ? null : gaussian(s.kvHeads() * s.valueWidth());
            pass.writeKv(t, LAYER, k, 0, v, 0);
            pass.writeKv(t, 1 - LAYER, gaussian(k.length), 0, v == null ? null : gaussian(v.length), 0);
            Written w = written.computeIfAbsent(seq, x -> new Written());
            assertThat(w.keys).hasSize(pass.position(t));
            w.keys.add(k);
            w.values.add(v);
        }
        return order;
    }

    /** Runs the attention over the pass and checks every token's every head against the reference. */
    private void check(Shape s, PagedAttention attention, PassTokens pass, List<KvSequence> order) {
        int n = pass.count();
        float[][] q = new float[n][], out = new float[n][s.heads() * s.valueWidth()];
        for (int t = 0; t < n; t++) q[t] = gaussian(s.heads() * s.keyWidth());
        attention.run(LAYER, pass, q, out);
        for (int t = 0; t < n; t++) {
            for (int h = 0; h < s.heads(); h++) {
                double[] expected = reference(s, q[t], h, written.get(order.get(t)), pass.position(t));
                for (int d = 0; d < s.valueWidth(); d++) {
                    double e = expected[d];
                    assertThat((double) out[t][h * s.valueWidth() + d]).as("token %d (position %d), head %d, value %d", t, pass.position(t), h, d)
                            .isCloseTo(e, within(1e-5 * Math.max(1, Math.abs(e))));
                }
            }
        }
    }

    /** softmax(q_h . k_p * scale over p <= position) . v_p for query head h, in doubles. */
    private static double[] reference(Shape s, float[] q, int h, Written w, int position) {
        int g = h / (s.heads() / s.kvHeads()), kw = s.keyWidth(), vw = s.valueWidth();
        double[] score = new double[position + 1];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int p = 0; p <= position; p++) {
            double dot = 0;
            for (int d = 0; d < kw; d++) dot += (double) q[h * kw + d] * w.keys.get(p)[g * kw + d];
            score[p] = dot * SCALE;
            max = Math.max(max, score[p]);
        }
        for (int p = 0; p <= position; p++) sum += score[p] = Math.exp(score[p] - max);
        double[] out = new double[vw];
        for (int p = 0; p <= position; p++) {
            for (int d = 0; d < vw; d++) {
                double v = s.latent() ? w.keys.get(p)[g * kw + d] : w.values.get(p)[g * vw + d];
                out[d] += score[p] / sum * v;
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, {1} threads")
    @CsvSource({"gqa, 1", "gqa, 3", "latent, 1", "latent, 3"})
    void matchesTheScalarReferenceCausallyAndPerSequence(String name, int threads) {
        Shape s = Shape.of(name);
        try (WorkerPool pool = new WorkerPool(threads); KvCache cache = new KvCache(s.hp(), KvCache.Type.F32, PAGE, 1L << 20);
             KvSequence a = new KvSequence(cache); KvSequence b = new KvSequence(cache)) {
            PagedAttention attention = new PagedAttention(pool, s.heads(), s.kvHeads(), s.keyWidth(), s.valueWidth(), SCALE);
            assertThat(a.reserve(64)).isTrue();
            assertThat(b.reserve(64)).isTrue();
            // a prompt of 21 tokens in one pass (more than one run of tokens, over several pages): each sees itself and those before
            PassTokens prompt = PassTokens.forAttention(32);
            check(s, attention, prompt, add(s, prompt, new ArrayList<>(), a, 21));
            // a pass of two sequences: b's prompt of 3 tokens, then a's next 2
            PassTokens both = PassTokens.forAttention(8);
            List<KvSequence> order = add(s, both, new ArrayList<>(), b, 3);
            check(s, attention, both, add(s, both, order, a, 2));
            // a decode step of both, a first
            PassTokens decode = PassTokens.forAttention(2);
            order = add(s, decode, new ArrayList<>(), a, 1);
            check(s, attention, decode, add(s, decode, order, b, 1));
            assertThat(a.length()).isEqualTo(24);
            assertThat(b.length()).isEqualTo(4);
        }
    }

    @Test
    void addClaimsTheSequencesNextPositionUpToTheCapacity() {
        Shape s = Shape.of("gqa");
        try (KvCache cache = new KvCache(s.hp(), KvCache.Type.F16, PAGE, 1L << 20); KvSequence a = new KvSequence(cache)) {
            PassTokens pass = PassTokens.forAttention(2);
            assertThatThrownBy(() -> pass.add(a)).isInstanceOf(IllegalStateException.class).hasMessageContaining("reserve first");
            a.reserve(PAGE + 1);
            assertThat(pass.add(a)).isZero();
            assertThat(pass.add(a)).isEqualTo(1);
            assertThat(pass.count()).isEqualTo(2);
            assertThat(pass.position(1)).isEqualTo(1);
            assertThat(pass.cos(0)).isEmpty();
            assertThatThrownBy(() -> pass.add(a)).isInstanceOf(IllegalStateException.class).hasMessageContaining("holds 2 tokens");
            assertThat(a.length()).isEqualTo(2);
        }
    }
}
