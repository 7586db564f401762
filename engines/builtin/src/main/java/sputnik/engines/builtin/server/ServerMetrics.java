package sputnik.engines.builtin.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;
import sputnik.engines.builtin.engine.Scheduler;

/**
 * What {@code GET /metrics} reports, in Prometheus's text format (names after vLLM's where one exists): requests by
 * endpoint and status, prompt and generated tokens, sequences waiting and running, forward passes and the tokens they
 * carried, KV cache use, and histograms of time to first token, time per output token and end-to-end latency.
 */
final class ServerMetrics {
    private static final double[] LATENCY_BOUNDS = {0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560};
    private static final double[] TPOT_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests, rejected, promptTokens, generationTokens, cancelled;
    private final Histogram ttft, tpot, e2e;

    ServerMetrics(Supplier<Scheduler> scheduler) {
        requests = Counter.builder().name("sputnik_requests").help("Completion requests answered, by endpoint and HTTP status.")
                .labelNames("endpoint", "status").register(registry);
        rejected = Counter.builder().name("sputnik_requests_rejected").help("Requests refused before generation, by reason.")
                .labelNames("reason").register(registry);
        cancelled = Counter.builder().name("sputnik_sequences_cancelled").help("Sequences cancelled: client gone, or cut at shutdown.")
                .labelNames("reason").register(registry);
        promptTokens = Counter.builder().name("sputnik_prompt_tokens").help("Prompt tokens of admitted requests (once per prompt).").register(registry);
        generationTokens = Counter.builder().name("sputnik_generation_tokens").help("Tokens generated.").register(registry);
        ttft = Histogram.builder().name("sputnik_time_to_first_token_seconds").help("From the request's arrival to its first token (queueing and prefill).")
                .classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
        tpot = Histogram.builder().name("sputnik_time_per_output_token_seconds").help("Mean time between a sequence's tokens after the first.")
                .classicOnly().classicUpperBounds(TPOT_BOUNDS).register(registry);
        e2e = Histogram.builder().name("sputnik_e2e_request_latency_seconds").help("From the request's arrival to its last token.")
                .classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
        GaugeWithCallback.builder().name("sputnik_num_requests_waiting").help("Sequences waiting for a place in the batch.")
                .callback(cb -> cb.call(value(scheduler, Scheduler::queued))).register(registry);
        GaugeWithCallback.builder().name("sputnik_num_requests_running").help("Sequences in the batch (the batch size).")
                .callback(cb -> cb.call(value(scheduler, Scheduler::running))).register(registry);
        GaugeWithCallback.builder().name("sputnik_kv_cache_usage_perc").help("Fraction of the KV cache's pages in use (prefix-cache pages included).")
                .callback(cb -> {
                    Scheduler s = scheduler.get();
                    cb.call(s == null ? 0 : (double) s.cache().pagesInUse() / s.cache().capacityPages());
                }).register(registry);
        GaugeWithCallback.builder().name("sputnik_kv_cache_bytes").help("The KV cache's memory.")
                .callback(cb -> {
                    Scheduler s = scheduler.get();
                    cb.call(s == null ? 0 : (double) s.cache().capacityPages() * s.cache().pageSize() * s.cache().bytesPerToken());
                }).register(registry);
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("sputnik_forward_passes").help("Forward passes run.")
                .callback(cb -> cb.call(stat(scheduler, st -> st.passes()))).register(registry);
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("sputnik_forward_pass_tokens")
                .help("Tokens the forward passes carried (decode tokens and prompt chunks); divided by passes, the mean batch.")
                .callback(cb -> cb.call(stat(scheduler, st -> st.tokensInPasses()))).register(registry);
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("sputnik_prefix_cache_shared_tokens")
                .help("Prompt tokens taken from prompts computed before instead of computed.")
                .callback(cb -> cb.call(stat(scheduler, st -> st.promptTokensShared()))).register(registry);
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("sputnik_preemptions").help("Sequences preempted for KV memory.")
                .callback(cb -> cb.call(stat(scheduler, st -> st.preemptions()))).register(registry);
    }

    private static double value(Supplier<Scheduler> s, java.util.function.ToIntFunction<Scheduler> f) {
        Scheduler sc = s.get();
        return sc == null ? 0 : f.applyAsInt(sc);
    }

    private static double stat(Supplier<Scheduler> s, java.util.function.ToLongFunction<Scheduler.Stats> f) {
        Scheduler sc = s.get();
        return sc == null ? 0 : f.applyAsLong(sc.stats());
    }

    void answered(String endpoint, int status) {
        requests.labelValues(endpoint, Integer.toString(status)).inc();
    }

    void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }

    void cancelled(String reason) {
        cancelled.labelValues(reason).inc();
    }

    void admitted(int promptTokenCount) {
        promptTokens.inc(promptTokenCount);
    }

    /** One sequence that ended: its tokens and times (seconds; tpot NaN with fewer than two tokens). */
    void sequence(int tokens, double ttftSeconds, double tpotSeconds, double e2eSeconds) {
        generationTokens.inc(tokens);
        if (tokens > 0) ttft.observe(ttftSeconds);
        if (!Double.isNaN(tpotSeconds)) tpot.observe(tpotSeconds);
        e2e.observe(e2eSeconds);
    }

    String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.DEFAULT);
    }
}
