package sputnik.engines.builtin.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that run one {@link Task} at a time, all of them on it at once: the calling thread
 * is worker 0 and {@code threads - 1} pool threads are the others. Made for the many short parallel steps of
 * a decode loop (tens of thousands a second): a dispatch allocates nothing, idle workers spin briefly on the
 * next dispatch and then park, and {@link #run} returns when every worker has finished.
 *
 * <p>{@link #run} calls from several threads are serialized; a task must not call {@link #run} itself.
 */
public final class WorkerPool implements AutoCloseable {
    /** Work split across workers: called once per worker with its index (0 .. workers-1) and the count. */
    @FunctionalInterface
    public interface Task {
        void run(int worker, int workers);
    }

    /** Spins (each a {@link Thread#onSpinWait()}) before an idle worker parks, or a waiting caller yields. */
    private static final int SPINS = 1 << 14;

    private final int threads;
    private final Worker[] workers;
    private final Object lock = new Object();
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Task task;
    private volatile int epoch;
    private volatile boolean closed;
    private volatile Thread running;

    /** A pool of {@code threads} workers (the caller included); at least 1. */
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

    /** The first index of worker {@code worker}'s share when {@code n} items are split evenly over {@code workers}. */
    public static int start(int n, int worker, int workers) {
        return (int) ((long) n * worker / workers);
    }

    /** The same for {@code long} sizes. */
    public static long start(long n, int worker, int workers) {
        return n * worker / workers;
    }

    /** Runs {@code task} on every worker and returns when all are done; a worker's exception is rethrown here. */
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
            running = Thread.currentThread();
            failure.set(null);
            this.task = task;
            remaining.set(workers.length);
            epoch = epoch + 1;
            for (Worker w : workers) if (w.parked) LockSupport.unpark(w.thread);
            Throwable mine = null;
            try {
                task.run(0, threads);
            } catch (Throwable t) {
                mine = t;
            }
            int spins = 0;
            while (remaining.get() != 0) {
                if (++spins < SPINS) Thread.onSpinWait();
                else Thread.yield();
            }
            this.task = null;
            running = null;
            Throwable theirs = failure.getAndSet(null);
            Throwable first = mine != null ? mine : theirs;
            if (first instanceof RuntimeException e) throw e;
            if (first instanceof Error e) throw e;
            if (first != null) throw new IllegalStateException(first);
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
        final int index;
        final Thread thread;
        volatile boolean parked;

        Worker(int index) {
            this.index = index;
            this.thread = Thread.ofPlatform().daemon().name("sputnik-kernel-" + index).unstarted(this);
        }

        @Override
        public void run() {
            int seen = 0; // the epoch before any dispatch (reading epoch here could miss a first run() made before this thread started)
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
                try {
                    task.run(index, threads);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                remaining.decrementAndGet();
            }
        }
    }
}
