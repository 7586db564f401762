package sputnik.reports.claims;

import java.util.List;

/**
 * A published number: a model's score on a suite, as its source states it.
 *
 * @param value             the published pass@1, in percent
 * @param samplesPerProblem the k behind it where the source states it, else null
 * @param aliases           other names the model is served under ("deepseek-reasoner" for DeepSeek-R1)
 */
public record Claim(String name, String model, List<String> aliases, String suite, String metric, double value, Integer samplesPerProblem,
        String source, String date, String protocol, String note) {

    public Claim {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
