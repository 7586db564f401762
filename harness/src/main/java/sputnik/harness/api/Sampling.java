package sputnik.harness.api;

import java.util.List;

/**
 * Sampling parameters for one request. {@code topK} 0 and {@code topP} 1 mean "off"; temperature 0
 * means greedy. {@code seed} is per sample (derived from the run seed), so a seeded engine gives each
 * sample its own, reproducible draw.
 */
public record Sampling(double temperature, double topP, int topK, int maxTokens, long seed, List<String> stop) {
    public Sampling {
        if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (topP <= 0 || topP > 1) throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        if (topK < 0) throw new IllegalArgumentException("top_k must be >= 0, got " + topK);
        if (maxTokens < 1) throw new IllegalArgumentException("max_tokens must be >= 1, got " + maxTokens);
        stop = List.copyOf(stop);
    }

    public Sampling withSeed(long newSeed) {
        return new Sampling(temperature, topP, topK, maxTokens, newSeed, stop);
    }
}
