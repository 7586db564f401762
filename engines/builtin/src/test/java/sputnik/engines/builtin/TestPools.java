package sputnik.engines.builtin;

import sputnik.engines.builtin.parallel.WorkerPool;

/** Worker pools shared by the tests of one JVM (their threads are daemons: nothing to close). */
public final class TestPools {
    private TestPools() {}

    /** Two threads, the CPU count of the machines the reference figures come from. */
    public static final WorkerPool TWO = new WorkerPool(2);
}
