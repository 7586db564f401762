package sputnik.engines.openai.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplicasTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    Replicas replicas(int n) throws Exception {
        List<EndpointClient> clients = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) clients.add(new EndpointClient(Endpoint.parse("http://127.0.0.1:" + (9000 + i)), ApiKind.CHAT, null, Duration.ofSeconds(5)));
        return new Replicas(clients, now::get);
    }

    static AttemptFailure fail(String kind) {
        return new AttemptFailure(kind, true, null, kind);
    }

    @Test
    void eachAttemptGoesToTheReplicaWithTheFewestInFlight() throws Exception {
        Replicas r = replicas(3);
        Replicas.Lease a = r.acquire(), b = r.acquire(), c = r.acquire();
        assertThat(List.of(a.client(), b.client(), c.client())).doesNotHaveDuplicates();
        r.done(b, null);
        assertThat(r.acquire().client()).isSameAs(b.client());
    }

    @Test
    void aReplicaThatRefusesConnectionsIsTakenOutThenTriedAgainLater() throws Exception {
        Replicas r = replicas(2);
        Replicas.Lease first = r.acquire();
        r.done(first, fail("connect"));
        for (int i = 0; i < 5; i++) {
            Replicas.Lease l = r.acquire();
            assertThat(l.client()).isNotSameAs(first.client());
            r.done(l, null);
        }
        now.addAndGet(Duration.ofMillis(1001).toNanos());
        Replicas.Lease again = r.acquire();
        r.done(again, null);
        assertThat(r.acquire().client()).isSameAs(first.client()); // back in service, and the least used
        assertThat(r.stats().get(0).takenOut()).isEqualTo(1);
    }

    @Test
    void threeFailuresInARowTakeAReplicaOutForLongerEachTime() throws Exception {
        Replicas r = replicas(1);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < Replicas.FAILURES_TO_TAKE_OUT; i++) r.done(r.acquire(), fail("http 500"));
            Replicas.Lease l = r.acquire(); // alone and out: still used (it is back soonest), the caller waits out its backoff
            r.done(l, null);
        }
        assertThat(r.stats().getFirst().takenOut()).isEqualTo(3);
        assertThat(r.stats().getFirst().failed()).isEqualTo(9);
        assertThat(r.stats().getFirst().answered()).isEqualTo(3);
    }

    @Test
    void theCacheNamesTheReplicaSetNotTheReplica() throws Exception {
        assertThat(replicas(1).cacheName(ApiKind.CHAT)).isEqualTo("http://127.0.0.1:9000/v1/chat/completions");
        assertThat(replicas(2).cacheName(ApiKind.CHAT)).isEqualTo("replicas http://127.0.0.1:9000/v1/chat/completions http://127.0.0.1:9001/v1/chat/completions");
    }
}
