package sputnik.reports.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CostModelTest {
    @Test
    void twoGpusAtTwoDollarsAndAThousandTokensPerSecondCost111PerMillion() {
        // By hand: $/h = 2 GPUs x $2 = $4; tokens per hour = 1,000 x 3,600 = 3.6M; $4 / 3.6 = $1.111 per 1M output tokens.
        var usage = new CostModel.Usage(100, 30, 0.5, 50_000, 3_600_000, 3600);
        var cost = CostModel.hardware("H800", new PriceBook.Hardware(2.0, "test"), 2, usage);
        assertThat(usage.outputTokensPerSecond()).isEqualTo(1000.0);
        assertThat(cost.usdPer1mOutput()).isCloseTo(4.0 / 3.6, within(1e-12));
        assertThat(cost.outputTokensPerUsd()).isCloseTo(900_000, within(1e-6));
        assertThat(cost.runUsd()).isCloseTo(4.0, within(1e-12));
        // a sample costs $0.04; half of them are right: $0.08 per solved problem
        assertThat(cost.usdPerSolved()).isCloseTo(0.08, within(1e-12));
        // one attempt at all 30 problems costs $1.20 and scores 0.5: 0.4167 pass@1 per dollar
        assertThat(cost.accuracyPerUsd()).isCloseTo(0.5 / 1.2, within(1e-12));
        assertThat(cost.inputs()).containsEntry("devices", 2).containsEntry("usd_per_hour", 4.0).containsKey("formula");
    }

    @Test
    void apiCostBillsReasoningAsOutputAndAllInputAsCacheMiss() {
        var api = new PriceBook.Api(List.of("deepseek-reasoner"), 0.14, 0.55, 2.19, "test");
        var usage = new CostModel.Usage(10, 10, 0.8, 1_000_000, 2_000_000, 60);
        var cost = CostModel.api("deepseek-reasoner", api, usage);
        assertThat(cost.runUsd()).isCloseTo(0.55 + 2 * 2.19, within(1e-12));
        assertThat(cost.usdPer1mOutput()).isCloseTo((0.55 + 4.38) / 2, within(1e-12));
        assertThat(cost.usdPerSolved()).isCloseTo((0.55 + 4.38) / 10 / 0.8, within(1e-12));
    }

    @Test
    void theShippedPriceBookIsDatedAndFindsApiModels() {
        PriceBook book = PriceBook.shipped();
        assertThat(book.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(book.hardware()).containsKeys("H800", "H100", "H200");
        assertThat(book.hardware().get("H800").usdPerDeviceHour()).isEqualTo(2.0);
        assertThat(book.apiFor("DeepSeek-Reasoner")).isPresent();
        assertThat(book.apiFor("my-local-model")).isEmpty();
    }
}
