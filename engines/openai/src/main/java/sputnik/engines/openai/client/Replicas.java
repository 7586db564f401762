package sputnik.engines.openai.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Several endpoints serving one model (replicas behind no load balancer of their own). Each attempt
 * goes to the replica with the fewest requests in flight, among those not taken out; a replica that
 * refuses connections, or fails {@value #FAILURES_TO_TAKE_OUT} attempts in a row, is taken out for 1 s,
 * then 2, 4, ... up to 30 s, and is tried again after that. A single endpoint is the one-replica case.
 *
 * <p>Which replica answered is nobody's business but this class's: it decides no result (the response
 * cache keys on the replica set, not the replica), only where the time went, which {@link #stats()} reports.
 */
public final class Replicas implements AutoCloseable {
    static final int FAILURES_TO_TAKE_OUT = 3;
    static final Duration FIRST_TIME_OUT = Duration.ofSeconds(1);
    static final Duration MAX_TIME_OUT = Duration.ofSeconds(30);

    /** One replica's counts: attempts sent, answered and failed, times taken out, and the answered attempts' latency. */
    public record Stats(String url, long attempts, long answered, long failed, int takenOut, double meanMs, double p50Ms, double p95Ms) {}

    private static final class Replica {
        final EndpointClient client;
        int inFlight;
        long attempts;
        long answered;
        long failed;
        int failuresInARow;
        int timesOut;
        int takenOut;
        long outUntil = Long.MIN_VALUE;
        final List<Double> latencyMs = new ArrayList<>();

        Replica(EndpointClient client) {
            this.client = client;
        }
    }

    /** An attempt under way on one replica: give it back with {@link #done}. */
    public record Lease(EndpointClient client, Object replica, long startNanos) {}

    private final List<Replica> replicas = new ArrayList<>();
    private final LongSupplier clock;

    public Replicas(List<EndpointClient> clients) {
        this(clients, System::nanoTime);
    }

    Replicas(List<EndpointClient> clients, LongSupplier clock) {
        if (clients.isEmpty()) throw new IllegalArgumentException("no endpoint");
        for (EndpointClient c : clients) replicas.add(new Replica(c));
        this.clock = clock;
    }

    public int size() {
        return replicas.size();
    }

    /** The first replica's client: the one a single-endpoint caller talks to. */
    public EndpointClient first() {
        return replicas.getFirst().client;
    }

    public List<EndpointClient> clients() {
        return replicas.stream().map(r -> r.client).toList();
    }

    /** Takes a replica out now, as if it had refused a connection (one found down before the run starts). */
    public synchronized void takeOut(EndpointClient client) {
        for (Replica r : replicas) if (r.client == client) takeOut(r, clock.getAsLong());
    }

    /** The replica for the next attempt: the fewest in flight among those in service; if all are out, the one back soonest. */
    public synchronized Lease acquire() {
        long now = clock.getAsLong();
        Replica best = null;
        for (Replica r : replicas) {
            if (r.outUntil > now) continue;
            if (best == null || r.inFlight < best.inFlight || (r.inFlight == best.inFlight && r.attempts < best.attempts)) best = r;
        }
        if (best == null) {
            for (Replica r : replicas) if (best == null || r.outUntil < best.outUntil) best = r;
        }
        best.inFlight++;
        best.attempts++;
        return new Lease(best.client, best, now);
    }

    /** Ends an attempt: {@code failure} null when it was answered. */
    public synchronized void done(Lease lease, AttemptFailure failure) {
        Replica r = (Replica) lease.replica();
        long now = clock.getAsLong();
        r.inFlight--;
        if (failure == null) {
            r.answered++;
            r.failuresInARow = 0;
            r.timesOut = 0;
            r.latencyMs.add((now - lease.startNanos()) / 1e6);
            return;
        }
        r.failed++;
        r.failuresInARow++;
        if (failure.kind().equals("connect") || r.failuresInARow >= FAILURES_TO_TAKE_OUT) takeOut(r, now);
    }

    private void takeOut(Replica r, long now) {
        long out = Math.min(FIRST_TIME_OUT.toNanos() << Math.min(r.timesOut, 5), MAX_TIME_OUT.toNanos());
        r.outUntil = now + out;
        r.timesOut++;
        r.failuresInARow = 0;
        r.takenOut++;
    }

    /** Whether a replica other than the lease's is in service now (then a failed attempt is retried there at once). */
    public synchronized boolean anotherInService(Lease lease) {
        long now = clock.getAsLong();
        for (Replica r : replicas) if (r != lease.replica() && r.outUntil <= now) return true;
        return false;
    }

    public synchronized List<Stats> stats() {
        List<Stats> out = new ArrayList<>();
        for (Replica r : replicas) {
            List<Double> l = new ArrayList<>(r.latencyMs);
            Collections.sort(l);
            double mean = l.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            out.add(new Stats(r.client.endpoint().display(), r.attempts, r.answered, r.failed, r.takenOut, mean, quantile(l, 0.5),
                    quantile(l, 0.95)));
        }
        return out;
    }

    private static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) return Double.NaN;
        double pos = q * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
    }

    /** The response cache's name for where answers come from: the endpoint, or the replica set (never the one replica that answered). */
    public String cacheName(ApiKind api) {
        if (replicas.size() == 1) return first().endpoint().display(api.route);
        List<String> urls = new ArrayList<>();
        for (Replica r : replicas) urls.add(r.client.endpoint().display(api.route));
        Collections.sort(urls);
        return "replicas " + String.join(" ", urls);
    }

    @Override
    public void close() {
        for (Replica r : replicas) r.client.close();
    }
}
