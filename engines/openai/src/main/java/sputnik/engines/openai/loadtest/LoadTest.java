package sputnik.engines.openai.loadtest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import sputnik.engines.openai.client.RequestBodies;
import sputnik.engines.openai.client.Retrying;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Sampling;

/**
 * Sends one sweep point's requests the way vLLM's {@code bench serve} does: arrivals at a fixed rate
 * with exponential (Poisson) gaps, or all at once for {@code inf}, each then waiting for one of
 * {@code concurrency} slots when a limit is set. Each request is timed from its own send.
 */
final class LoadTest {
    /** A sweep point: a concurrency limit (null: none) and an arrival rate in requests/s (infinite: all at once). */
    record Point(Integer concurrency, double rate) {
        String rateLabel() {
            return Double.isInfinite(rate) ? "inf" : LoadTestCommand.number(rate);
        }

        String label() {
            return "concurrency " + (concurrency == null ? "unlimited" : concurrency) + ", rate " + rateLabel() + (Double.isInfinite(rate) ? "" : "/s");
        }
    }

    private final Retrying retrying;
    private final Retrying calibration;
    private final RequestBodies bodies;
    private final boolean stream;
    private final int outputLen;
    private final double temperature;
    private final long seed;
    volatile boolean ignoreEos;

    /**
     * @param retrying    for the measured requests
     * @param calibration for the unmeasured requests the sweep depends on (calibration and the ignore_eos probe)
     */
    LoadTest(Retrying retrying, Retrying calibration, RequestBodies bodies, boolean stream, int outputLen, boolean ignoreEos, double temperature,
            long seed) {
        this.retrying = retrying;
        this.calibration = calibration;
        this.bodies = bodies;
        this.stream = stream;
        this.outputLen = outputLen;
        this.ignoreEos = ignoreEos;
        this.temperature = temperature;
        this.seed = seed;
    }

    Retrying calibration() {
        return calibration;
    }

    boolean stream() {
        return stream;
    }

    ObjectNode body(Prompt p, int maxTokens, int index, boolean withIgnoreEos) {
        ObjectNode b = bodies.body(p, new Sampling(temperature, 1.0, 0, maxTokens, seed + index, List.of()));
        if (withIgnoreEos && !bodies.extra().has("ignore_eos")) b.put("ignore_eos", true);
        return b;
    }

    /** One request, sent now; {@code t0} is the point's start (nanoTime). */
    LoadRequest one(int index, Prompt p, int maxTokens, long t0) throws InterruptedException {
        long start = System.nanoTime();
        ObjectNode body = body(p, maxTokens, index, ignoreEos);
        try {
            Retrying.Outcome o = retrying.call(body, stream, RequestBodies.promptChars(p));
            return LoadRequest.ok(index, ms(start - t0), ms(System.nanoTime() - t0), o.attempts(), o.generation());
        } catch (Retrying.Failed f) {
            return LoadRequest.failed(index, ms(start - t0), ms(System.nanoTime() - t0), f.attempts(), f.kind(), f.getMessage());
        }
    }

    /** Arrival offsets in seconds: exponential gaps of mean 1/rate from a seeded generator, or all zero for inf. */
    static double[] arrivals(int n, double rate, long seed) {
        double[] at = new double[n];
        if (Double.isInfinite(rate)) return at;
        SplittableRandom r = new SplittableRandom(seed);
        double t = 0;
        for (int i = 0; i < n; i++) {
            at[i] = t;
            t += -Math.log(1 - r.nextDouble()) / rate;
        }
        return at;
    }

    List<LoadRequest> run(Point point, List<Prompt> prompts, long arrivalSeed) throws InterruptedException {
        int n = prompts.size();
        double[] at = arrivals(n, point.rate(), arrivalSeed);
        Semaphore slots = point.concurrency() == null ? null : new Semaphore(point.concurrency());
        LoadRequest[] results = new LoadRequest[n];
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                long wait = t0 + (long) (at[i] * 1e9) - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                if (slots != null) slots.acquire();
                int index = i;
                pool.submit(() -> {
                    try {
                        results[index] = one(index, prompts.get(index), outputLen, t0);
                    } catch (InterruptedException e) {
                        results[index] = LoadRequest.failed(index, 0, ms(System.nanoTime() - t0), 0, "interrupted", "interrupted");
                        Thread.currentThread().interrupt();
                    } finally {
                        if (slots != null) slots.release();
                    }
                });
            }
        }
        List<LoadRequest> out = new ArrayList<>(n);
        for (LoadRequest r : results) out.add(r);
        return out;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
