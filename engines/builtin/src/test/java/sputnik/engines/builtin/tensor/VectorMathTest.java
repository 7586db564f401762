package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The vector versions of the float kernels against their scalar references, on lengths around the vector width. */
class VectorMathTest {
    private static void assertClose(float[] actual, float[] expected, float relative) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("index %d", i).isCloseTo(expected[i], within(relative * Math.max(1f, Math.abs(expected[i]))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 31, 32, 33, 128, 1000, 2048})
    void dotAndAxpy(int n) {
        float[] a = Naive.activations(n + 3, n), b = Naive.activations(n + 5, n + 1);
        float s = VectorMath.dotScalar(a, 3, b, 5, n), v = VectorMath.dotVector(a, 3, b, 5, n);
        double magnitude = 0;
        for (int i = 0; i < n; i++) magnitude += Math.abs(a[3 + i] * b[5 + i]);
        assertThat(v).isCloseTo(s, within((float) (1e-6 * magnitude + 1e-30)));
        float[] y1 = b.clone(), y2 = b.clone();
        VectorMath.axpyScalar(0.37f, a, 3, y1, 5, n);
        VectorMath.axpyVector(0.37f, a, 3, y2, 5, n);
        assertThat(y2).containsExactly(y1); // multiply then add in both: bit for bit
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 13, 64, 2048, 2049})
    void rmsnorm(int n) {
        float[] x = Naive.activations(n + 1, n), w = Naive.activations(n + 2, n + 7);
        float[] s = new float[n + 1], v = new float[n + 1];
        VectorMath.rmsnormScalar(s, 1, x, 1, w, 2, n, 1e-6f);
        VectorMath.rmsnormVector(v, 1, x, 1, w, 2, n, 1e-6f);
        assertClose(v, s, 1e-6f);
        // against the definition, in double
        double ss = 0;
        for (int i = 0; i < n; i++) ss += (double) x[1 + i] * x[1 + i];
        double scale = 1 / Math.sqrt(ss / n + 1e-6);
        for (int i = 0; i < n; i++) assertThat((double) s[1 + i]).isCloseTo(x[1 + i] * scale * w[2 + i], within(1e-5 * Math.max(1, Math.abs(x[1 + i] * scale * w[2 + i]))));
        // no weight, in place
        float[] inPlace = x.clone();
        VectorMath.rmsnorm(inPlace, 1, inPlace, 1, null, 0, n, 1e-6f);
        assertThat((double) inPlace[1]).isCloseTo(x[1] * scale, within(1e-5));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 128, 1000, 4097})
    void softmax(int n) {
        float[] x = Naive.activations(n + 2, n);
        for (int i = 0; i < x.length; i++) x[i] *= 4;
        float[] s = x.clone(), v = x.clone();
        VectorMath.softmaxScalar(s, 2, n);
        VectorMath.softmaxVector(v, 2, n);
        assertClose(v, s, 2e-6f);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += s[2 + i];
        assertThat(sum).isCloseTo(1.0, within(1e-5));
        assertThat(v[0]).isEqualTo(x[0]); // outside the range: untouched
    }

    @Test
    void vectorExpIsWithinTwoUlpOfExp() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        float[] x = new float[8 * 20000];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 175 - 87);
        x[0] = 0f;
        x[1] = -87.3f;
        x[2] = 88f;
        x[3] = 1e-8f;
        x[4] = -0.5f * (float) Math.log(2);
        for (int i = 0; i < x.length; i += Simd.L) { // at the width the kernels use
            float[] e = new float[Simd.L];
            VectorMath.expVector(jdk.incubator.vector.FloatVector.fromArray(Simd.F, x, i)).intoArray(e, 0);
            for (int j = 0; j < Simd.L; j++) {
                double exact = Math.exp(x[i + j]);
                assertThat(Math.abs(e[j] - exact)).as("exp(%s)", x[i + j]).isLessThanOrEqualTo(2 * Math.ulp((float) exact));
            }
        }
        float[] e = new float[16];
        float[] special = {Float.NEGATIVE_INFINITY, -100f, Float.NaN, -87.34f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < 16; i += Simd.L) VectorMath.expVector(jdk.incubator.vector.FloatVector.fromArray(Simd.F, special, i)).intoArray(e, i);
        assertThat(e[0]).isZero();
        assertThat(e[1]).isZero();
        assertThat(e[2]).isNaN();
        assertThat(e[3]).isZero();
        assertThat(e[4]).isEqualTo(1f);
    }

    @Test
    void swigluOfLargeMagnitudes() {
        float[] g = {-200f, -90f, -20f, 0f, 20f, 90f, 200f, 1e-3f, -1e-3f}, out = new float[9], ref = new float[9];
        VectorMath.swigluVector(g, 0, null, 0, out, 0, 9);
        VectorMath.swigluScalar(g, 0, null, 0, ref, 0, 9);
        assertClose(out, ref, 1e-6f);
    }

    @Test
    void softmaxOfMaskedScoresIgnoresMinusInfinity() {
        float[] x = {1f, Float.NEGATIVE_INFINITY, 1f, Float.NEGATIVE_INFINITY, 0, 0, 0, 0, 0};
        VectorMath.softmax(x, 0, 9);
        assertThat(x[1]).isZero();
        assertThat(x[0]).isEqualTo(x[2]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 9, 512, 768})
    void swigluAndSilu(int n) {
        float[] g = Naive.activations(n, n), u = Naive.activations(n, n + 3);
        float[] s = new float[n], v = new float[n];
        VectorMath.swigluScalar(g, 0, u, 0, s, 0, n);
        VectorMath.swigluVector(g, 0, u, 0, v, 0, n);
        assertClose(v, s, 1e-6f);
        for (int i = 0; i < n; i++) assertThat((double) s[i]).isCloseTo(g[i] / (1 + Math.exp(-g[i])) * u[i], within(1e-5 * Math.max(1, Math.abs(s[i]))));
        float[] silu = g.clone();
        VectorMath.silu(silu, 0, n);
        for (int i = 0; i < n; i++) assertThat(silu[i]).isCloseTo(g[i] / (1 + (float) Math.exp(-g[i])), within(1e-5f * Math.max(1, Math.abs(silu[i]))));
    }

    @Test
    void addScaleArgmax() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, y = new float[10];
        VectorMath.add(x, 0, y, 0, 10);
        VectorMath.scale(y, 0, 10, 2f);
        assertThat(y[9]).isEqualTo(20f);
        assertThat(VectorMath.argmax(new float[] {1, 5, 5, 2}, 0, 4)).isEqualTo(1); // ties to the lowest index
        assertThat(VectorMath.argmax(new float[] {9, 1, 3}, 1, 2)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 31, 32, 33, 100, 1000})
    void firstNonFiniteFindsTheFirstNanOrInfinityWhereverItIs(int n) {
        float[] x = Naive.activations(n + 2, n);
        x[0] = Float.NaN; // outside the range looked at
        x[1] = Float.MAX_VALUE; // finite, and x - x is still 0
        assertThat(VectorMath.firstNonFiniteScalar(x, 1, n)).isEqualTo(-1);
        assertThat(VectorMath.firstNonFiniteVector(x, 1, n)).isEqualTo(-1);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            for (int at : new int[] {0, n / 2, n - 1}) {
                float[] y = x.clone();
                y[1 + at] = bad;
                if (at + 1 < n) y[n] = Float.NaN; // a later one too: the first is reported
                assertThat(VectorMath.firstNonFiniteScalar(y, 1, n)).as("%s at %d", bad, at).isEqualTo(at);
                assertThat(VectorMath.firstNonFiniteVector(y, 1, n)).as("%s at %d", bad, at).isEqualTo(at);
                assertThat(VectorMath.firstNonFinite(y, 1, n)).isEqualTo(at);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 64, 128, 34})
    void ropeVectorEqualsScalarAndFollowsTheFormula(int dims) {
        Rope rope = new Rope(dims, 1_000_000f, 1f);
        float[] cos = new float[dims / 2], sin = new float[dims / 2];
        rope.angles(37, cos, sin);
        float[] x = Naive.activations(dims + 3, dims);
        float[] s = x.clone(), v = x.clone();
        Rope.neoxScalar(s, 3, dims, cos, sin);
        Rope.neoxVector(v, 3, dims, cos, sin);
        assertThat(v).containsExactly(s);
        double theta = 37;
        for (int i = 0; i < dims / 2; i++) {
            double t = 37 * Math.pow(1_000_000, -2.0 * i / dims);
            assertThat((double) cos[i]).isCloseTo(Math.cos(t), within(1e-4 * Math.max(1, Math.abs(t))));
            double x0 = x[3 + i], x1 = x[3 + i + dims / 2];
            assertThat((double) s[3 + i]).isCloseTo(x0 * cos[i] - x1 * sin[i], within(1e-5));
        }
        float[] n = x.clone();
        rope.normal(n, 3, cos, sin);
        assertThat((double) n[4]).isCloseTo(x[3] * sin[0] + x[4] * cos[0], within(1e-5));
        assertThat(theta).isPositive();
    }

    @Test
    void ropeAtPositionZeroIsTheIdentity() {
        Rope rope = new Rope(8, 10000f, 1f);
        float[] cos = new float[4], sin = new float[4];
        rope.angles(0, cos, sin);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        rope.neox(x, 0, cos, sin);
        assertThat(x).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void topKPicksTheLargestInOrderWithTiesToTheLowerIndex() {
        float[] x = {0.1f, 0.9f, 0.3f, 0.9f, 0.05f, 0.7f, 0.3f};
        int[] idx = new int[4];
        float[] val = new float[4];
        TopK.select(x, 0, x.length, 4, idx, val);
        assertThat(idx).containsExactly(1, 3, 5, 2);
        assertThat(val).containsExactly(0.9f, 0.9f, 0.7f, 0.3f);
    }
}
