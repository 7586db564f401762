package sputnik.harness.cli;

import java.util.List;
import picocli.CommandLine.Option;
import sputnik.harness.api.Sampling;
import sputnik.harness.api.SuiteDefaults;

/** Sampling flags; anything not given falls back to the suite's protocol defaults. */
final class SamplingOptions {
    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature, 0 = greedy (default: the suite's).")
    Double temperature;

    @Option(names = "--top-p", paramLabel = "P", description = "Nucleus sampling mass in (0, 1] (default: the suite's).")
    Double topP;

    @Option(names = "--top-k", paramLabel = "K", description = "Top-k sampling, 0 = off (default: the suite's).")
    Integer topK;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Output token limit, reasoning included (default: the suite's).")
    Integer maxTokens;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop sequence (repeatable).")
    List<String> stop;

    Sampling resolve(SuiteDefaults d, long runSeed) {
        return new Sampling(
                temperature != null ? temperature : d.temperature(),
                topP != null ? topP : d.topP(),
                topK != null ? topK : d.topK(),
                maxTokens != null ? maxTokens : d.maxTokens(),
                runSeed,
                stop != null ? stop : List.of());
    }
}
