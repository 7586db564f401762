package sputnik.engines.builtin.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static float[] randomLogits(int n, long seed, double spread) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] l = new float[n];
        for (int i = 0; i < n; i++) l[i] = (float) (r.nextGaussian() * spread);
        return l;
    }

    private static Map<Integer, Integer> draws(Sampler.Settings s, float[] logits, int n, long seed) {
        Sampler sampler = new Sampler(logits.length, s, seed);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) counts.merge(sampler.sample(logits), 1, Integer::sum);
        return counts;
    }

    /** Probabilities at temperature t, in double. */
    private static double[] softmax(float[] logits, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) max = Math.max(max, l / t);
        double[] p = new double[logits.length];
        double z = 0;
        for (int i = 0; i < p.length; i++) z += p[i] = Math.exp(logits[i] / t - max);
        for (int i = 0; i < p.length; i++) p[i] /= z;
        return p;
    }

    @Test
    void greedyTakesTheLargestLogitAndTiesGoToTheLowestId() {
        float[] l = {0.5f, 3f, -1f, 3f, 2.9f};
        assertThat(new Sampler(5, Sampler.Settings.GREEDY, 1).sample(l)).isEqualTo(1);
        float[] all = new float[7];
        assertThat(new Sampler(7, Sampler.Settings.GREEDY, 1).sample(all)).isZero();
    }

    @Test
    void topKOfOneIsGreedyAtAnyTemperature() {
        float[] l = randomLogits(5000, 3, 2);
        int best = new Sampler(l.length, Sampler.Settings.GREEDY, 0).sample(l);
        assertThat(draws(new Sampler.Settings(1.5, 1, 1, 0), l, 200, 9)).containsOnlyKeys(best);
    }

    @Test
    void aSeedGivesTheSameDrawsRunAfterRunAndOtherSeedsOthers() {
        float[] l = randomLogits(151_936, 5, 1);
        Sampler.Settings s = new Sampler.Settings(0.6, 0, 0.95, 0);
        int[] a = new int[50], b = new int[50], c = new int[50];
        Sampler sa = new Sampler(l.length, s, 42), sb = new Sampler(l.length, s, 42), sc = new Sampler(l.length, s, 43);
        for (int i = 0; i < 50; i++) {
            a[i] = sa.sample(l);
            b[i] = sb.sample(l);
            c[i] = sc.sample(l);
        }
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        sa.reseed(42);
        assertThat(sa.sample(l)).isEqualTo(a[0]);
    }

    @Test
    void topKDrawsOnlyTheKMostProbable() {
        float[] l = randomLogits(1000, 7, 1);
        double[] p = softmax(l, 1);
        Integer[] order = new Integer[l.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(p[y], p[x]));
        Map<Integer, Integer> counts = draws(new Sampler.Settings(1, 5, 1, 0), l, 5000, 1);
        assertThat(counts.keySet()).isSubsetOf(order[0], order[1], order[2], order[3], order[4]);
        assertThat(counts).hasSize(5);
    }

    @Test
    void topPKeepsTheSmallestSetReachingPAndDrawsInProportion() {
        float[] l = {2f, 1f, 0f, -1f, -5f};
        double[] p = softmax(l, 1); // 0.6364, 0.2341, 0.0861, 0.0317, 0.0006
        // p = 0.85: tokens 0 and 1 hold 0.8705, the first set reaching 0.85
        Map<Integer, Integer> counts = draws(new Sampler.Settings(1, 0, 0.85, 0), l, 20_000, 3);
        assertThat(counts).containsOnlyKeys(0, 1);
        double share = counts.get(0) / 20_000.0;
        assertThat(share).isCloseTo(p[0] / (p[0] + p[1]), org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void topPOnAWideVocabularyMatchesASortedReference() {
        float[] l = randomLogits(151_936, 11, 3);
        double[] p = softmax(l, 0.7);
        Integer[] order = new Integer[l.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> p[y] != p[x] ? Double.compare(p[y], p[x]) : Integer.compare(x, y));
        java.util.Set<Integer> nucleus = new java.util.HashSet<>();
        double cum = 0;
        for (Integer i : order) {
            nucleus.add(i);
            cum += p[i];
            if (cum >= 0.9) break;
        }
        Map<Integer, Integer> counts = draws(new Sampler.Settings(0.7, 0, 0.9, 0), l, 3000, 5);
        assertThat(nucleus).hasSizeGreaterThan(5);
        assertThat(counts.keySet()).isSubsetOf(nucleus);
    }

    @Test
    void minPDropsTokensBelowAShareOfTheMostProbable() {
        float[] l = {3f, 2.5f, 1f, 0f};
        double[] p = softmax(l, 1);
        double ratio = 0.2; // p1/p0 = 0.61, p2/p0 = 0.135, p3/p0 = 0.05
        assertThat(p[2] / p[0]).isLessThan(ratio);
        Map<Integer, Integer> counts = draws(new Sampler.Settings(1, 0, 1, ratio), l, 5000, 8);
        assertThat(counts).containsOnlyKeys(0, 1);
    }

    @Test
    void temperatureOneDrawsInProportionToTheSoftmax() {
        float[] l = {1f, 0f, -1f};
        double[] p = softmax(l, 1);
        int n = 30_000;
        Map<Integer, Integer> counts = draws(new Sampler.Settings(1, 0, 1, 0), l, n, 13);
        for (int i = 0; i < 3; i++) assertThat(counts.get(i) / (double) n).isCloseTo(p[i], org.assertj.core.data.Offset.offset(0.015));
        // a low temperature sharpens the distribution
        Map<Integer, Integer> cold = draws(new Sampler.Settings(0.2, 0, 1, 0), l, n, 13);
        assertThat(cold.get(0) / (double) n).isGreaterThan(0.98);
    }

    @Test
    void sortDescendingSortsAnyInput() {
        SplittableRandom r = new SplittableRandom(1);
        for (int n : new int[] {0, 1, 2, 3, 17, 1000}) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) a[i] = r.nextLong(100);
            long[] expected = a.clone();
            java.util.Arrays.sort(expected);
            Sampler.sortDescending(a, n);
            for (int i = 0; i < n; i++) assertThat(a[i]).isEqualTo(expected[n - 1 - i]);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new Sampler.Settings(-1, 0, 1, 0)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new Sampler.Settings(1, -1, 1, 0)).hasMessageContaining("top-k");
        assertThatThrownBy(() -> new Sampler.Settings(1, 0, 0, 0)).hasMessageContaining("top-p");
        assertThatThrownBy(() -> new Sampler.Settings(1, 0, 1, 2)).hasMessageContaining("min-p");
    }
}
