package sputnik.engines.builtin.sampling;

import java.util.Objects;
import java.util.SplittableRandom;
import sputnik.engines.builtin.tensor.VectorMath;

/**
 * Picks the next token from logits. Temperature 0 is greedy: the largest logit, ties to the lowest id. Otherwise, in
 * the order Hugging Face's and vLLM's samplers apply them: the logits are divided by the temperature and turned into
 * probabilities (softmax over the whole vocabulary); top-k keeps the k most probable; top-p keeps the smallest set of
 * most probable tokens whose probability (renormalised over what top-k kept) reaches p; min-p keeps the tokens at
 * least {@code min_p} times as probable as the most probable one; one token is then drawn from what is left,
 * in proportion to its probability, with a {@link SplittableRandom} of the given seed. Ties in probability go to the
 * lower id wherever an order matters, so a seed gives the same tokens run after run.
 *
 * <p>All buffers are allocated at construction: {@link #sample} allocates nothing. Not thread-safe.
 */
public final class Sampler {
    /**
     * @param temperature 0 for greedy, else the divisor of the logits
     * @param topK 0 for off
     * @param topP 1 for off
     * @param minP 0 for off
     */
    public record Settings(double temperature, int topK, double topP, double minP) {
        public static final Settings GREEDY = new Settings(0, 0, 1, 0);

        public Settings {
            if (!(temperature >= 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
            if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
            if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
            if (!(minP >= 0 && minP <= 1)) throw new IllegalArgumentException("min-p must be in [0, 1], got " + minP);
        }

        public boolean greedy() {
            return temperature == 0;
        }
    }

    private final int vocab;
    private final Settings settings;
    private final float[] probs;
    private final long[] keys; // candidates: probability bits << 32 | (MAX - id), larger is better
    private SplittableRandom random;

    public Sampler(int vocab, Settings settings, long seed) {
        if (vocab < 1) throw new IllegalArgumentException("empty vocabulary");
        this.vocab = vocab;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.probs = settings.greedy() ? null : new float[vocab];
        this.keys = settings.greedy() ? null : new long[vocab];
        this.random = new SplittableRandom(seed);
    }

    public Settings settings() {
        return settings;
    }

    /** Restarts the random sequence (the next draws are those of a new sampler with this seed). */
    public void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    /**
     * The next token for {@code logits} (n_vocab values, left unchanged), which must be finite: a NaN compares false
     * with everything, so greedy would pick token 0 and sampling would fall back to it; the generator checks the
     * logits before each draw ({@code NonFiniteLogitsException}).
     */
    public int sample(float[] logits) {
        if (settings.greedy()) return VectorMath.argmax(logits, 0, vocab);
        float inv = (float) (1.0 / settings.temperature());
        for (int i = 0; i < vocab; i++) probs[i] = logits[i] * inv;
        VectorMath.softmax(probs, 0, vocab);
        float max = 0;
        for (int i = 0; i < vocab; i++) max = Math.max(max, probs[i]);
        float floor = (float) (settings.minP() * max); // min-p: relative to the most probable token, whatever top-k and top-p keep
        int k = settings.topK();
        int n;
        double universe; // the mass top-p is measured against: what top-k kept, or everything
        boolean sorted;
        if (k > 0 && k < vocab) {
            n = topK(k);
            universe = 0;
            for (int j = 0; j < n; j++) universe += prob(keys[j]);
            sortDescending(keys, n);
            sorted = true;
        } else {
            universe = 0;
            for (int i = 0; i < vocab; i++) universe += probs[i];
            if (settings.topP() < 1) {
                // the nucleus is made of the most probable tokens: gather those above a threshold that already hold p of the
                // mass (so the nucleus lies within them), lowering it until they do; only they are sorted
                n = 0;
                for (double ratio = 1e-3; ; ratio = ratio > 1e-9 ? ratio * 1e-3 : 0) {
                    float threshold = Math.max(floor, (float) (ratio * max));
                    n = gather(threshold);
                    double mass = 0;
                    for (int j = 0; j < n; j++) mass += prob(keys[j]);
                    if (mass >= settings.topP() * universe || ratio == 0 || threshold == floor) break;
                }
                sortDescending(keys, n);
                sorted = true;
            } else {
                n = gather(floor);
                sorted = false;
            }
        }
        // top-p over the sorted candidates, then min-p (a prefix too, as they are sorted)
        int keep = n;
        if (sorted && settings.topP() < 1) {
            double target = settings.topP() * universe, cum = 0;
            for (int j = 0; j < n; j++) {
                cum += prob(keys[j]);
                if (cum >= target) {
                    keep = j + 1;
                    break;
                }
            }
        }
        double kept = 0;
        int m = 0;
        for (int j = 0; j < keep; j++) {
            if (prob(keys[j]) < floor) {
                if (sorted) break;
                continue;
            }
            keys[m++] = keys[j];
            kept += prob(keys[j]);
        }
        if (m == 0) return VectorMath.argmax(logits, 0, vocab); // nothing representable left (all underflowed)
        double u = random.nextDouble() * kept, cum = 0;
        for (int j = 0; j < m; j++) {
            cum += prob(keys[j]);
            if (u < cum) return id(keys[j]);
        }
        return id(keys[m - 1]);
    }

    private static long key(float p, int id) {
        return (long) Float.floatToRawIntBits(p) << 32 | (Integer.MAX_VALUE - id);
    }

    private static float prob(long key) {
        return Float.intBitsToFloat((int) (key >>> 32));
    }

    private static int id(long key) {
        return Integer.MAX_VALUE - (int) (key & 0xFFFF_FFFFL);
    }

    /** The candidates with probability of at least {@code threshold} (and above 0), in id order; their count. */
    private int gather(float threshold) {
        int n = 0;
        for (int i = 0; i < vocab; i++) {
            float p = probs[i];
            if (p >= threshold && p > 0) keys[n++] = key(p, i);
        }
        return n;
    }

    /** The k most probable tokens (ties to the lower id) into keys[0..k), as a min-heap; returns k. */
    private int topK(int k) {
        for (int i = 0; i < k; i++) keys[i] = key(probs[i], i);
        for (int i = k / 2 - 1; i >= 0; i--) siftDownMin(keys, i, k);
        for (int i = k; i < vocab; i++) {
            long c = key(probs[i], i);
            if (c > keys[0]) {
                keys[0] = c;
                siftDownMin(keys, 0, k);
            }
        }
        return k;
    }

    private static void siftDownMin(long[] h, int i, int n) {
        long v = h[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) break;
            if (c + 1 < n && h[c + 1] < h[c]) c++;
            if (h[c] >= v) break;
            h[i] = h[c];
            i = c;
        }
        h[i] = v;
    }

    /** In-place heapsort of a[0..n) into descending order (no allocation, unlike Arrays.sort on long runs). */
    static void sortDescending(long[] a, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) siftDownMin(a, i, n);
        for (int end = n - 1; end > 0; end--) {
            long t = a[0];
            a[0] = a[end];
            a[end] = t;
            siftDownMin(a, 0, end);
        }
    }
}
