package sputnik.harness.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Majority voting over the answers extracted from several samples of one problem (cons@k, also
 * called maj@k or self-consistency).
 */
public final class MajorityVote {
    private MajorityVote() {}

    /**
     * The answer that won a vote.
     *
     * @param key        the winning vote-key
     * @param votes      how many samples gave it
     * @param firstIndex the index of the first sample that gave it
     */
    public record Winner(String key, int votes, int firstIndex) {}

    /**
     * Finds the most frequent vote-key.
     *
     * <p>Ties go to the key that occurred first in sample order. That is what Python's
     * {@code collections.Counter(keys).most_common(1)} does (a Counter remembers insertion order and
     * {@code most_common} sorts stably), and lm-evaluation-harness's majority-vote filter is built
     * on it; matching it keeps our cons@k comparable with its numbers.
     *
     * @param keys vote-keys in sample order (index 0 is the first sample); a null entry is a sample
     *             with no extracted answer and casts no vote
     * @return the winner, or empty when no sample voted (the list is empty or all null)
     */
    public static Optional<Winner> vote(List<String> keys) {
        // key -> {votes, firstIndex}
        Map<String, int[]> tally = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (key == null) continue;
            int index = i;
            tally.computeIfAbsent(key, _ -> new int[] {0, index})[0]++;
        }
        Winner best = null;
        for (Map.Entry<String, int[]> e : tally.entrySet()) {
            int votes = e.getValue()[0];
            int first = e.getValue()[1];
            if (best == null || votes > best.votes() || (votes == best.votes() && first < best.firstIndex())) {
                best = new Winner(e.getKey(), votes, first);
            }
        }
        return Optional.ofNullable(best);
    }
}
