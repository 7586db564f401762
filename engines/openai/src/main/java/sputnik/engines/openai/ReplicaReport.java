package sputnik.engines.openai;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import sputnik.engines.openai.client.Replicas;

/** The per-replica table a run with several --base-url prints at its end: where the requests went and how each replica fared. */
final class ReplicaReport {
    private ReplicaReport() {}

    static void print(List<Replicas.Stats> stats, PrintStream err) {
        err.println("sputnik: replicas (attempts include retries; latency of answered attempts, ms):");
        err.println(String.format(Locale.ROOT, "  %-40s %9s %9s %7s %9s %9s %9s %9s", "replica", "attempts", "answered", "failed", "taken out",
                "mean", "p50", "p95"));
        for (Replicas.Stats s : stats) {
            err.println(String.format(Locale.ROOT, "  %-40s %9d %9d %7d %9d %9.1f %9.1f %9.1f", s.url(), s.attempts(), s.answered(), s.failed(),
                    s.takenOut(), s.meanMs(), s.p50Ms(), s.p95Ms()));
        }
    }
}
