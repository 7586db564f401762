package sputnik.reports.cost;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import sputnik.harness.report.PlanPricer;

/** Prices a planned run at the shipped price book's API rate for its model (cache-miss input: a first run hits no cache). */
public final class PriceBookPlanPricer implements PlanPricer {
    @Override
    public Optional<String> price(String model, long inputTokens, long maxOutputTokens) {
        PriceBook book = PriceBook.shipped();
        Optional<Map.Entry<String, PriceBook.Api>> found = book.apiFor(model);
        if (found.isEmpty()) return Optional.empty();
        PriceBook.Api a = found.get().getValue();
        // CostModel's API formula, once for the prompts and once for the output bound.
        double input = CostModel.api(found.get().getKey(), a, new CostModel.Usage(0, 0, 0, inputTokens, 0, 0)).runUsd();
        double output = CostModel.api(found.get().getKey(), a, new CostModel.Usage(0, 0, 0, 0, maxOutputTokens, 0)).runUsd();
        return Optional.of(String.format(Locale.ROOT,
                "at most $%,.2f at %s's price ($%.2f per 1M input tokens, cache miss; $%.2f per 1M output tokens; price book of %s): $%,.2f for the prompts"
                        + " plus at most $%,.2f if every sample used all of max_tokens", input + output, found.get().getKey(), a.inputCacheMissUsdPerM(),
                a.outputUsdPerM(), book.asOf(), input, output));
    }
}
