package sputnik.engines.openai.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.UsageException;

class LoadMetricsTest {
    private static LoadRequest ok(int i, double start, double ttft, double e2e, int out) {
        double tpot = (e2e - ttft) / (out - 1);
        double[] itl = new double[out - 1];
        java.util.Arrays.fill(itl, tpot);
        return new LoadRequest(i, start, start + e2e, true, null, null, 1, 100, out, false, "length", ttft, null, tpot, e2e, itl);
    }

    @Test
    void figuresFollowTheirDefinitions() throws UsageException {
        List<LoadRequest> rs = List.of(
                ok(0, 0, 100, 1100, 11), // tpot 100
                ok(1, 500, 300, 1300, 11), // tpot 100
                ok(2, 1000, 100, 600, 11), // tpot 50
                LoadRequest.failed(3, 1500, 1600, 3, "http 429", "HTTP 429 ..."));
        LoadMetrics m = LoadMetrics.of(2, "inf", rs, Slo.parse("ttft:200,tpot:60"), 2.0);
        assertThat(m.durationS()).isEqualTo(1.8); // last end: 500 + 1300
        assertThat(m.completed()).isEqualTo(3);
        assertThat(m.failed()).isEqualTo(1);
        assertThat(m.errors()).containsEntry("http 429", 1);
        assertThat(m.requestThroughput()).isCloseTo(3 / 1.8, within(1e-12));
        assertThat(m.outputThroughput()).isCloseTo(33 / 1.8, within(1e-12));
        assertThat(m.totalTokenThroughput()).isCloseTo(333 / 1.8, within(1e-12));
        assertThat(m.ttftMs().mean()).isCloseTo(500.0 / 3, within(1e-12));
        assertThat(m.tpotMs().p50()).isEqualTo(100);
        assertThat(m.itlMs().count()).isEqualTo(30);
        assertThat(m.goodput().good()).isEqualTo(1); // only request 2 meets both
        assertThat(m.goodput().requestsPerS()).isCloseTo(1 / 1.8, within(1e-12));
        assertThat(m.goodput().fraction()).isEqualTo(0.25);
        assertThat(m.usdPer1mOutputTokens()).isCloseTo(2.0 / (33 / 1.8 * 3600 / 1e6), within(1e-9));
        assertThat(m.maxInFlight()).isEqualTo(3);
    }

    @Test
    void theInferenceXCostExample() {
        // 2 GPUs at $2/h serving 1,000 output tokens/s: $4/h / 3.6M tokens/h = $1.11 per million
        List<LoadRequest> rs = List.of(ok(0, 0, 10, 1000, 1001));
        LoadMetrics m = LoadMetrics.of(1, "inf", rs, null, 4.0);
        assertThat(m.outputThroughput()).isEqualTo(1001);
        assertThat(m.usdPer1mOutputTokens()).isCloseTo(4.0 / 3.6036, within(1e-9));
        assertThat(m.goodput()).isNull();
    }

    @Test
    void poissonArrivalsHaveTheAskedRateAndInfIsAllAtOnce() {
        double[] at = LoadTest.arrivals(20_000, 5, 42);
        assertThat(at[0]).isZero();
        assertThat(at[at.length - 1] / (at.length - 1)).isCloseTo(0.2, within(0.01));
        double[] gaps = new double[at.length - 1];
        int below = 0;
        for (int i = 1; i < at.length; i++) {
            gaps[i - 1] = at[i] - at[i - 1];
            if (gaps[i - 1] < 0.2) below++;
        }
        // exponential: P(gap < mean) = 1 - 1/e
        assertThat((double) below / gaps.length).isCloseTo(1 - Math.exp(-1), within(0.01));
        assertThat(LoadTest.arrivals(5, Double.POSITIVE_INFINITY, 1)).containsOnly(0.0);
        assertThat(LoadTest.arrivals(100, 5, 42)).containsExactly(java.util.Arrays.copyOf(at, 100));
    }

    @Test
    void promptsAreSizedFromTheServersCounts() {
        // 1.3 tokens per word plus a 7-token template
        assertThat(LoadPrompts.wordsFor(1024, 512, 7 + 666, 1024, 7 + 1331)).isEqualTo(782);
        assertThat(LoadPrompts.wordsFor(100, 50, 50, 100, 50)).as("no slope: one word per token").isEqualTo(100);
        assertThat(LoadPrompts.randomText(5, 1, 2, 3)).isEqualTo(LoadPrompts.randomText(5, 1, 2, 3)).isNotEqualTo(LoadPrompts.randomText(5, 1, 3, 3));
        assertThat(LoadPrompts.randomText(5, 1, 2, 3).split(" ")).hasSize(5);
    }

    @Test
    void sloParsing() throws UsageException {
        Slo s = Slo.parse("ttft:500, tpot:50,e2el:9000");
        assertThat(s).isEqualTo(new Slo(500.0, 50.0, 9000.0));
        assertThat(s.met(500, 50.0, 9000)).isTrue();
        assertThat(s.met(501, 50.0, 9000)).isFalse();
        assertThat(s.met(100, null, 100)).as("one output token has no TPOT").isTrue();
        assertThat(Slo.parse(null)).isNull();
    }
}
