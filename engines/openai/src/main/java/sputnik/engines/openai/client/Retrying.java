package sputnik.engines.openai.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import sputnik.harness.api.EngineException;

/**
 * Retries failed attempts the way openai-python does: on connect errors, timeouts, cut streams, 408,
 * 409, 429 and 5xx (or whatever an {@code x-should-retry} header says), up to {@code maxRetries} times,
 * waiting what the server asked ({@code retry-after-ms} / {@code Retry-After}, when between 0 and 60 s)
 * or else an exponential backoff, {@code min(base * 2^n, 8 s)}, shortened by a random jitter of up to
 * 25% so that clients that failed together do not retry together. An optional requests-per-minute
 * limit spaces every attempt, retries included.
 */
public final class Retrying {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /** A request that failed for good: its last attempt's failure and how many attempts were made. */
    public static final class Failed extends EngineException {
        private final String kind;
        private final int attempts;

        Failed(AttemptFailure last, int attempts) {
            super(last.getMessage() + (attempts > 1 ? " (gave up after " + attempts + " attempts)" : ""));
            this.kind = last.kind();
            this.attempts = attempts;
        }

        public String kind() {
            return kind;
        }

        public int attempts() {
            return attempts;
        }
    }

    /** A finished request and how many attempts it took. */
    public record Outcome(Generation generation, int attempts) {}

    private final Replicas replicas;
    private final int maxRetries;
    private final Duration backoffBase;
    private final RateLimiter limiter;

    Retrying(EndpointClient client, int maxRetries, Duration backoffBase, RateLimiter limiter) {
        this(new Replicas(java.util.List.of(client)), maxRetries, backoffBase, limiter);
    }

    Retrying(Replicas replicas, int maxRetries, Duration backoffBase, RateLimiter limiter) {
        this.replicas = replicas;
        this.maxRetries = maxRetries;
        this.backoffBase = backoffBase;
        this.limiter = limiter;
    }

    /** The (first) endpoint's client. */
    public EndpointClient client() {
        return replicas.first();
    }

    public Replicas replicas() {
        return replicas;
    }

    /** The same policy with another number of retries, sharing this one's client and requests-per-minute limit. */
    public Retrying withMaxRetries(int retries) {
        if (retries < 0) throw new IllegalArgumentException("retries must be >= 0, got " + retries);
        return new Retrying(replicas, retries, backoffBase, limiter);
    }

    public Outcome call(ObjectNode body, boolean stream, int promptChars) throws Failed, InterruptedException {
        for (int attempt = 0;; attempt++) {
            if (limiter != null) limiter.acquire();
            Replicas.Lease lease = replicas.acquire();
            try {
                Generation g = lease.client().send(body, stream, promptChars);
                replicas.done(lease, null);
                return new Outcome(g, attempt + 1);
            } catch (AttemptFailure f) {
                replicas.done(lease, f);
                if (!f.retryable() || attempt >= maxRetries) throw new Failed(f, attempt + 1);
                // Another replica in service takes the retry at once; a lone endpoint is given time to recover.
                if (!replicas.anotherInService(lease)) {
                    Thread.sleep(delay(attempt, f.retryAfter(), backoffBase, () -> ThreadLocalRandom.current().nextLong()).toMillis());
                }
            }
        }
    }

    /**
     * The wait before retry number {@code attempt + 1}: the server's {@code Retry-After} when it lies in
     * (0, 60 s], else {@code min(base * 2^attempt, 8 s) * (1 - 0.25 * u)} with u uniform in [0, 1).
     */
    static Duration delay(int attempt, Duration retryAfter, Duration base, LongSupplier random) {
        if (retryAfter != null && retryAfter.isPositive() && retryAfter.compareTo(MAX_RETRY_AFTER) <= 0) return retryAfter;
        double backoff = Math.min(base.toNanos() * Math.pow(2, Math.min(attempt, 30)), MAX_BACKOFF.toNanos());
        double u = (random.getAsLong() >>> 11) * 0x1.0p-53;
        return Duration.ofNanos((long) (backoff * (1 - 0.25 * u)));
    }
}
