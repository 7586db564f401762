package sputnik.harness.report;

import java.util.Optional;

/**
 * Prices a planned run before it starts ({@code run --dry-run}); discovered with
 * {@link java.util.ServiceLoader} (the reports plug-in prices by its price book), so the harness names no
 * price. An upper bound: every sample is priced as if it used all of max_tokens.
 */
public interface PlanPricer {

    /**
     * One line pricing {@code inputTokens} prompt tokens and at most {@code maxOutputTokens} output tokens for
     * {@code model} (what it costs, at which price, from where), or empty when no price for the model is known.
     */
    Optional<String> price(String model, long inputTokens, long maxOutputTokens);
}
