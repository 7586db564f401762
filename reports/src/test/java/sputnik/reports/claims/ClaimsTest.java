package sputnik.reports.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.Summary;
import sputnik.reports.SyntheticRuns;

class ClaimsTest {
    static final ClaimBook BOOK = ClaimBook.shipped();

    @Test
    void theShippedTableHoldsTheNumbersTheIssueNames() throws UsageException {
        assertThat(BOOK.named("deepseek-r1-aime2024").value()).isEqualTo(79.8);
        assertThat(BOOK.named("openai-o1-aime2024").value()).isEqualTo(79.2);
        assertThat(BOOK.named("deepseek-r1-math500").value()).isEqualTo(97.3);
        assertThat(BOOK.named("r1-distill-qwen-1.5b-aime2024").value()).isEqualTo(28.9);
        assertThat(BOOK.named("r1-distill-qwen-7b-aime2024").value()).isEqualTo(55.5);
        assertThat(BOOK.named("r1-distill-qwen-14b-aime2024").value()).isEqualTo(69.7);
        assertThat(BOOK.named("r1-distill-qwen-32b-aime2024").value()).isEqualTo(72.6);
        assertThat(BOOK.claims()).allSatisfy(c -> assertThat(c.source()).isNotBlank());
        assertThatThrownBy(() -> BOOK.named("nope")).hasMessageContaining("unknown claim 'nope'").hasMessageContaining("sputnik claims");
    }

    @Test
    void aRunFindsItsClaimByModelAndSuiteHoweverTheModelIsServed() {
        assertThat(BOOK.forRun("DeepSeek-R1-Distill-Qwen-7B", "aime2024")).map(Claim::name).contains("r1-distill-qwen-7b-aime2024");
        assertThat(BOOK.forRun("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "aime2024")).map(Claim::value).contains(55.5);
        assertThat(BOOK.forRun("DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf", "aime2024")).map(Claim::value).contains(55.5);
        assertThat(BOOK.forRun("deepseek-reasoner", "aime2024")).map(Claim::value).contains(79.8);
        assertThat(BOOK.forRun("DeepSeek-R1-Distill-Qwen-7B", "math500")).map(Claim::value).contains(92.8);
        // Not another model that shares a prefix, nor another suite.
        assertThat(BOOK.forRun("DeepSeek-R1-Distill-Qwen-7B-Instruct-Abliterated", "aime2024")).isEmpty();
        assertThat(BOOK.forRun("DeepSeek-R1-Distill-Qwen-3B", "aime2024")).isEmpty();
        assertThat(BOOK.forRun("DeepSeek-R1-Distill-Qwen-7B", "aime2025")).isEmpty();
        assertThat(BOOK.forRun(null, "aime2024")).isEmpty();
    }

    private static Summary run(int problems, int k, double rate) {
        double[] rates = new double[problems];
        Arrays.fill(rates, rate);
        return SyntheticRuns.run("r", rates, k, 3).summary();
    }

    @Test
    void verdictsFromTheIntervalOnTheseProblems() throws UsageException {
        Claim claim = BOOK.named("r1-distill-qwen-7b-aime2024"); // 55.5%
        ClaimCheck one = ClaimCheck.of(claim, run(30, 1, 0.55));
        assertThat(one.verdict()).isEqualTo(ClaimCheck.Verdict.TOO_FEW_SAMPLES);
        assertThat(one.samples()).isEqualTo(30);
        assertThat(one.sentence()).startsWith("TOO FEW SAMPLES TO TELL: the published 55.5% lies inside").contains("per problem");
        assertThat(one.samplesNeeded()).isBetween(300, 400);

        ClaimCheck many = ClaimCheck.of(claim, run(30, 64, 0.56));
        assertThat(many.high() - many.low()).isLessThan(0.10);
        assertThat(many.verdict()).as(many.sentence()).isIn(ClaimCheck.Verdict.CONSISTENT);

        assertThat(ClaimCheck.of(claim, run(30, 64, 0.30)).verdict()).isEqualTo(ClaimCheck.Verdict.BELOW);
        assertThat(ClaimCheck.of(claim, run(30, 64, 0.85)).verdict()).isEqualTo(ClaimCheck.Verdict.ABOVE);
        // One sample per problem can still refute a number far enough away.
        assertThat(ClaimCheck.of(BOOK.named("deepseek-r1-aime2024"), run(30, 1, 0.2)).verdict()).isEqualTo(ClaimCheck.Verdict.BELOW);
    }

    @Test
    void theIntervalIsWilsonsOnCorrectSamplesOutOfAllSamples() throws UsageException {
        ClaimCheck c = ClaimCheck.of(BOOK.named("r1-distill-qwen-7b-aime2024"), run(30, 1, 1.0));
        assertThat(c.measured()).isEqualTo(1.0);
        assertThat(c.high()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.low()).isBetween(0.88, 0.89); // Wilson 30/30: 0.886
    }
}
