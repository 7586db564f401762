package sputnik.engines.builtin.tensor;

/** Top-k selection for MoE routing: the k largest values, largest first, ties to the lower index. */
public final class TopK {
    private TopK() {}

    /**
     * Writes the indices (relative to {@code offset}) of the {@code k} largest of {@code x[offset .. offset+n)}
     * into {@code indices[0..k)} and their values into {@code values[0..k)}, largest first. O(n k), for the
     * small k of routing (8 of 128).
     */
    public static void select(float[] x, int offset, int n, int k, int[] indices, float[] values) {
        if (k < 1 || k > n) throw new IllegalArgumentException("k must be in 1.." + n + ", got " + k);
        int filled = 0;
        for (int i = 0; i < n; i++) {
            float v = x[offset + i];
            if (filled == k && !(v > values[k - 1])) continue;
            int j = filled < k ? filled++ : k - 1;
            while (j > 0 && v > values[j - 1]) {
                values[j] = values[j - 1];
                indices[j] = indices[j - 1];
                j--;
            }
            values[j] = v;
            indices[j] = i;
        }
    }
}
