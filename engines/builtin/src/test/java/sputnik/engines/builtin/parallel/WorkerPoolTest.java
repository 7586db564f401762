package sputnik.engines.builtin.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void everyPartRunsExactlyOncePerDispatch() {
        try (WorkerPool pool = new WorkerPool(3)) {
            AtomicIntegerArray seen = new AtomicIntegerArray(3);
            for (int round = 0; round < 2_000; round++) {
                pool.run((w, n) -> {
                    assertThat(n).isEqualTo(3);
                    seen.incrementAndGet(w);
                });
            }
            for (int w = 0; w < 3; w++) assertThat(seen.get(w)).isEqualTo(2_000);
        }
    }

    @Test
    void aSlowPartDoesNotStopTheOthersFromBeingTakenByFreeThreads() throws Exception {
        // Part 0 (whoever runs it) blocks until every other part has run: that only finishes if the remaining
        // threads claim all the remaining parts, whichever parts "belong" to whom.
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int round = 0; round < 200; round++) {
                java.util.concurrent.CountDownLatch others = new java.util.concurrent.CountDownLatch(2);
                pool.run((part, parts) -> {
                    if (part == 0) {
                        try {
                            assertThat(others.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    } else {
                        others.countDown();
                    }
                });
            }
        }
    }

    @Test
    void sharesCoverTheRangeExactly() {
        for (int workers = 1; workers <= 7; workers++) {
            for (int n : new int[] {0, 1, 5, 100, 101}) {
                assertThat(WorkerPool.start(n, 0, workers)).isZero();
                assertThat(WorkerPool.start(n, workers, workers)).isEqualTo(n);
                for (int w = 0; w < workers; w++) assertThat(WorkerPool.start(n, w + 1, workers)).isGreaterThanOrEqualTo(WorkerPool.start(n, w, workers));
            }
            assertThat(WorkerPool.start(10L << 32, workers, workers)).isEqualTo(10L << 32);
        }
    }

    @Test
    void aWorkersExceptionReachesTheCallerAndThePoolStaysUsable() {
        try (WorkerPool pool = new WorkerPool(2)) {
            assertThatThrownBy(() -> pool.run((w, n) -> {
                if (w == 1) throw new IllegalStateException("boom in part 1");
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom in part 1");
            int[] ran = new int[2];
            pool.run((w, n) -> ran[w]++);
            assertThat(ran).containsExactly(1, 1);
            assertThatThrownBy(() -> pool.run((w, n) -> pool.run((a, b) -> { }))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aSingleThreadPoolRunsOnTheCaller() {
        try (WorkerPool pool = new WorkerPool(1)) {
            Thread[] t = new Thread[1];
            pool.run((w, n) -> t[0] = Thread.currentThread());
            assertThat(t[0]).isSameAs(Thread.currentThread());
        }
        assertThatThrownBy(() -> new WorkerPool(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedPoolRefusesWork() throws Exception {
        WorkerPool pool = new WorkerPool(2);
        pool.run((w, n) -> { });
        Thread.sleep(50); // let the worker park
        pool.run((w, n) -> { });
        pool.close();
        assertThatThrownBy(() -> pool.run((w, n) -> { })).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
