package sputnik.engines.builtin.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that run one {@link Task} at a time, all of them on it at once: the calling thread
 * and {@code threads - 1} pool threads. A task is split into {@code threads} parts; each part is run exactly once,
 * by whichever thread claims it first, so a pool thread that the OS has not scheduled yet (a busy machine, more
 * threads than cores) does not hold the step up: the others take its part. Made for the many short parallel
 * steps of a decode loop (tens of thousands a second): a dispatch allocates nothing, idle threads spin briefly
 * on the next dispatch and then park, and {@link #run} returns when every part is done.
 *
 * <p>{@link #run} calls from several threads are serialized; a task must not call {@link #run} itself.
 */
public final class WorkerPool implements AutoCloseable {
    /**
     * Work split into parts: called once for each part (0 .. parts-1; parts is the pool's thread count) on some
     * pool thread or the caller, never twice for one part, so per-part scratch buffers indexed by {@code part}
     * are safe.
     */
    @FunctionalInterface
    public interface Task {
        void run(int part, int parts);
    }

    /** Spins (each a {@link Thread#onSpinWait()}) before an idle worker parks, or a waiting caller yields. */
    private static final int SPINS = 1 << 14;

    private final int threads;
    private final Worker[] workers;
    private final Object lock = new Object();
    /** The current dispatch's epoch (high 32 bits) and the next unclaimed part (low 32 bits). */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Task task;
    private volatile int epoch;
    private volatile boolean closed;
    private volatile Thread running;

    /** A pool of {@code threads} threads (the caller included); at least 1. */
    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].thread.start();
        }
    }

    /** The default thread count: every core the JVM may use. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    /** The first index of part {@code part}'s share when {@code n} items are split evenly into {@code parts}. */
    public static int start(int n, int part, int parts) {
        return (int) ((long) n * part / parts);
    }

    /** The same for {@code long} sizes. */
    public static long start(long n, int part, int parts) {
        return n * part / parts;
    }

    /** Runs every part of {@code task} and returns when all are done; an exception from a part is rethrown here. */
    public void run(Task task) {
        Thread me = Thread.currentThread();
        boolean nested = running == me;
        for (Worker w : workers) nested |= w.thread == me;
        if (nested) throw new IllegalStateException("WorkerPool.run called from inside a task of the same pool");
        synchronized (lock) {
            if (closed) throw new IllegalStateException("the worker pool is closed");
            if (workers.length == 0) {
                task.run(0, 1);
                return;
            }
            running = me;
            failure.set(null);
            done.set(0);
            this.task = task;
            int e = epoch + 1;
            claims.set((long) e << 32);
            epoch = e; // publishes the task and the claims
            for (Worker w : workers) if (w.parked) LockSupport.unpark(w.thread);
            work(e);
            int spins = 0;
            while (done.get() != threads) {
                if (++spins < SPINS) Thread.onSpinWait();
                else Thread.yield();
            }
            this.task = null;
            running = null;
            Throwable first = failure.getAndSet(null);
            if (first instanceof RuntimeException x) throw x;
            if (first instanceof Error x) throw x;
            if (first != null) throw new IllegalStateException(first);
        }
    }

    /** Claims and runs parts of dispatch {@code e} until none is left (or a newer dispatch has begun). */
    private void work(int e) {
        while (true) {
            long c = claims.get();
            int part = (int) c;
            if ((int) (c >>> 32) != e || part >= threads) return;
            if (!claims.compareAndSet(c, c + 1)) continue;
            // a claimed part keeps the dispatch open (done < threads), so the task cannot change under it
            try {
                task.run(part, threads);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            done.incrementAndGet();
        }
    }

    /** Stops the pool threads (after the task in progress, if any). */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w.thread);
        for (Worker w : workers) {
            try {
                w.thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Worker implements Runnable {
        final Thread thread;
        volatile boolean parked;

        Worker(int index) {
            this.thread = Thread.ofPlatform().daemon().name("sputnik-kernel-" + index).unstarted(this);
        }

        @Override
        public void run() {
            int seen = 0; // the epoch before any dispatch
            while (true) {
                int spins = 0, e;
                while ((e = epoch) == seen) {
                    if (closed) return;
                    if (++spins < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (epoch == seen && !closed) LockSupport.park(this);
                        parked = false;
                        spins = 0;
                    }
                }
                seen = e;
                work(e);
            }
        }
    }
}
