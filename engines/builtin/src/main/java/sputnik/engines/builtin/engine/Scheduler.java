package sputnik.engines.builtin.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import sputnik.engines.builtin.model.BatchForward;
import sputnik.engines.builtin.model.DecoderModel;
import sputnik.engines.builtin.model.KvCache;
import sputnik.engines.builtin.model.KvSequence;
import sputnik.engines.builtin.model.PrefixCache;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tokenizer.Tokenizer;

/**
 * Continuous batching: {@link #generate} calls from any number of threads join one scheduler thread, which advances
 * every active sequence by one token per forward pass (one read of the weights for all of them) and feeds prompts in
 * chunks alongside, as llama.cpp's server and vLLM do. New sequences join between passes; a sequence that finishes, or
 * whose caller is interrupted, leaves at once and its KV pages go back.
 *
 * <p>Admission is first come, first served, up to {@link Config#maxBatch} sequences, and only when the KV cache can
 * hold the new sequence's worst case (prompt plus max tokens, up to the context) besides every admitted sequence's
 * worst case: a request waits for memory rather than failing half-way. A prompt whose first pages another sequence
 * is computing waits for them and then shares them ({@link PrefixCache}), so the k samples of one problem compute
 * their prompt once.
 *
 * <p>A sequence's tokens do not depend on the others: every value it gets is computed as it would be alone
 * ({@link BatchForward}), and it draws with its own seeded sampler.
 */
public final class Scheduler implements AutoCloseable {
    /**
     * @param maxContext positions one sequence may hold (prompt and output)
     * @param maxBatch sequences active at once
     * @param ubatch tokens per forward pass (decode tokens and prompt chunks together)
     * @param kvBytes the KV cache's memory
     * @param prefixSharing whether prompts share computed prefixes
     */
    public record Config(int threads, int maxContext, int maxBatch, int ubatch, long kvBytes, KvCache.Type kvType, boolean prefixSharing) {
        public Config {
            if (threads < 1 || maxContext < 2 || maxBatch < 1 || ubatch < 1 || kvBytes < 1) throw new IllegalArgumentException("bad scheduler config: " + this);
        }
    }

    /** Page size in positions (llama.cpp's and vLLM's block size is 16 as well). */
    static final int PAGE_SIZE = 16;

    /** What the scheduler has done so far. */
    public record Stats(long passes, long promptTokens, long promptTokensComputed, long promptTokensShared, long decodeTokens, int mostActive,
                        long expertsTouched, long tokensInPasses) {
        /** Average tokens per forward pass. */
        public double tokensPerPass() {
            return passes == 0 ? 0 : (double) tokensInPasses / passes;
        }
    }

    private final DecoderModel model;
    private final Tokenizer tokenizer;
    private final Config config;
    private final WorkerPool pool;
    private final KvCache cache;
    private final PrefixCache prefixes;
    private final BatchForward pass;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final List<Job> active = new ArrayList<>(); // scheduler thread only
    private volatile boolean closed;
    private long reservedPages; // pages admitted sequences may still take
    private final AtomicLong passes = new AtomicLong(), promptTokens = new AtomicLong(), promptComputed = new AtomicLong(),
            promptShared = new AtomicLong(), decodeTokens = new AtomicLong(), expertsTouched = new AtomicLong(), tokensInPasses = new AtomicLong();
    private volatile int mostActive;

    /** Starts the scheduler thread; with {@code warmUp}, after a dummy pass that compiles the hot paths (see {@link #warmUp()}). */
    public Scheduler(DecoderModel model, Tokenizer tokenizer, Config config, boolean warmUp) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.config = config;
        this.cache = new KvCache(model.hyperparameters(), config.kvType(), PAGE_SIZE, config.kvBytes());
        this.pool = new WorkerPool(config.threads());
        this.prefixes = new PrefixCache(cache);
        this.pass = new BatchForward(model, pool, Math.max(config.ubatch(), config.maxBatch()));
        if (warmUp) warmUp();
        this.thread = Thread.ofPlatform().name("sputnik-scheduler").daemon().unstarted(this::loop);
        thread.start();
    }

    public Config config() {
        return config;
    }

    public KvCache cache() {
        return cache;
    }

    public Stats stats() {
        return new Stats(passes.get(), promptTokens.get(), promptComputed.get(), promptShared.get(), decodeTokens.get(), mostActive,
                expertsTouched.get(), tokensInPasses.get());
    }

    /** One request, from submission to its result. */
    private final class Job {
        final int[] prompt;
        final Generator.Options options;
        final Decoding decoding;
        final CountDownLatch done = new CountDownLatch(1);
        final long submitted = System.nanoTime();
        volatile boolean cancelled;
        KvSequence seq;
        long reserved; // pages it may still take
        long prefillEnd, firstToken, end;
        Generator.Result result;
        RuntimeException failure;

        Job(int[] prompt, Generator.Options options, Generator.Listener listener) {
            this.prompt = prompt;
            this.options = options;
            this.decoding = new Decoding(tokenizer, model.hyperparameters().vocab(), prompt.length, config.maxContext(), options, listener);
        }

        boolean prefilling() {
            return seq.length() < prompt.length;
        }

        int worstCasePositions() {
            return (int) Math.min(config.maxContext(), (long) prompt.length + options.maxTokens());
        }
    }

    /**
     * Generates from {@code prompt} (at least one token, shorter than the context); returns when the generation ends.
     * An {@link InterruptedException} when the calling thread is interrupted (the sequence leaves at the next pass); a
     * {@link NonFiniteLogitsException} when the model computes a NaN or infinite logit for it; an {@link
     * IllegalArgumentException} when it cannot fit the context or the KV memory even alone.
     */
    public Generator.Result generate(int[] prompt, Generator.Options options, Generator.Listener listener) throws InterruptedException {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
        if (prompt.length >= config.maxContext()) {
            throw new IllegalArgumentException("the prompt's " + prompt.length + " tokens leave no room in the context of " + config.maxContext()
                    + " positions");
        }
        Job job = new Job(prompt.clone(), options, listener);
        long pages = pages(job.worstCasePositions());
        if (pages > cache.capacityPages()) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "a sequence of %d positions needs %.1f MB of KV cache; the KV memory is %.1f MB (raise --kv-memory or lower --max-tokens)",
                    job.worstCasePositions(), pages * PAGE_SIZE * cache.bytesPerToken() / 1e6, cache.capacityPages() * PAGE_SIZE * cache.bytesPerToken() / 1e6));
        }
        lock.lock();
        try {
            if (closed) throw new IllegalStateException("the engine is closed");
            queue.add(job);
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            job.done.await();
        } catch (InterruptedException e) {
            job.cancelled = true;
            wake();
            throw new InterruptedException("generation interrupted after " + job.decoding.generated() + " tokens");
        }
        if (job.failure != null) throw job.failure;
        return job.result;
    }

    private void wake() {
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private static long pages(long positions) {
        return (positions + PAGE_SIZE - 1) / PAGE_SIZE;
    }

    private void loop() {
        try {
            while (true) {
                lock.lock();
                try {
                    while (!closed && queue.isEmpty() && active.isEmpty()) work.awaitUninterruptibly();
                    if (closed) break;
                    queue.removeIf(j -> {
                        if (j.cancelled) j.done.countDown();
                        return j.cancelled;
                    });
                    admit();
                } finally {
                    lock.unlock();
                }
                active.removeIf(j -> j.cancelled && leave(j));
                if (!active.isEmpty()) step();
            }
        } catch (Throwable t) {
            RuntimeException failure = t instanceof RuntimeException r ? r : new IllegalStateException("the scheduler failed: " + t, t);
            for (Job j : active) fail(j, failure);
            active.clear();
            lock.lock();
            try {
                closed = true;
                for (Job j : queue) fail(j, failure);
                queue.clear();
            } finally {
                lock.unlock();
            }
        } finally {
            for (Job j : active) fail(j, new IllegalStateException("the engine was closed"));
            active.clear();
        }
    }

    /** Moves queued jobs into the batch while there is room and memory, first come first served (lock held). */
    private void admit() {
        while (!queue.isEmpty() && active.size() < config.maxBatch()) {
            Job job = queue.peek();
            int[] shared = config.prefixSharing() ? prefixes.lookup(job.prompt, (job.prompt.length - 1) / PAGE_SIZE) : new int[0];
            if (config.prefixSharing() && waitsForPrefix(job, shared.length)) return;
            long need = pages(job.worstCasePositions()) - shared.length;
            // pages nobody can take back, and the shared ones this job would pin (counted whether or not others pin them already)
            long pinned = cache.pagesInUse() - prefixes.evictable() + shared.length;
            if (reservedPages + need > cache.capacityPages() - pinned) return;
            queue.poll();
            job.seq = new KvSequence(cache);
            job.seq.adopt(shared);
            job.reserved = need;
            reservedPages += need;
            int reused = shared.length * PAGE_SIZE;
            promptTokens.addAndGet(job.prompt.length);
            promptShared.addAndGet(reused);
            active.add(job);
            mostActive = Math.max(mostActive, active.size());
        }
    }

    /** Whether a sequence still prefilling is computing more of this prompt's pages than the cache has now. */
    private boolean waitsForPrefix(Job job, int cachedPages) {
        int usable = (job.prompt.length - 1) / PAGE_SIZE;
        for (Job other : active) {
            if (other.prefilling() && Math.min(usable, prefixes.commonPages(job.prompt, other.prompt)) > cachedPages) return true;
        }
        return false;
    }

    /** One forward pass: every decoding sequence's next token, then prompt chunks up to the pass's size. */
    private void step() {
        int budget = pass.capacity();
        pass.clear();
        List<Job> rows = new ArrayList<>(active.size());
        List<Integer> logitRows = new ArrayList<>(active.size());
        for (Job j : active) {
            if (j.prefilling() || budget == 0) continue;
            take(j, j.seq.length() + 1);
            rows.add(j);
            logitRows.add(pass.add(j.seq, j.decoding.lastToken(), true));
            budget--;
        }
        int decoding = rows.size();
        for (Job j : active) {
            if (!j.prefilling() || budget == 0) continue;
            int from = j.seq.length(), n = Math.min(budget, j.prompt.length - from);
            take(j, from + n);
            int row = -1;
            for (int i = 0; i < n; i++) row = pass.add(j.seq, j.prompt[from + i], from + i == j.prompt.length - 1);
            budget -= n;
            promptComputed.addAndGet(n);
            if (row >= 0) {
                rows.add(j);
                logitRows.add(row);
            }
        }
        if (pass.size() == 0) return;
        pass.run();
        passes.incrementAndGet();
        tokensInPasses.addAndGet(pass.size());
        expertsTouched.addAndGet(pass.expertsTouched());
        decodeTokens.addAndGet(decoding);
        long now = System.nanoTime();
        for (Job j : active) if (config.prefixSharing() && j.seq.length() <= j.prompt.length) prefixes.register(j.prompt, j.seq, j.seq.length());
        for (int i = 0; i < rows.size(); i++) {
            Job j = rows.get(i);
            if (j.decoding.generated() == 0) j.prefillEnd = now;
            boolean ended;
            try {
                ended = j.decoding.accept(pass.logits(logitRows.get(i)));
            } catch (RuntimeException e) {
                fail(j, e);
                continue;
            }
            long t = System.nanoTime();
            if (j.decoding.generated() == 1) j.firstToken = t;
            if (ended) {
                j.end = t;
                j.result = j.decoding.result(j.submitted, j.prefillEnd, j.firstToken, j.end);
                j.done.countDown();
            }
        }
        active.removeIf(j -> j.done.getCount() == 0 && leave(j));
    }

    /** Gives {@code j}'s sequence pages up to {@code positions}, evicting cached prefixes if the free pages ran out. */
    private void take(Job j, int positions) {
        int before = j.seq.pageCount();
        while (!j.seq.reserve(positions)) {
            if (prefixes.evict(1) == 0) throw new IllegalStateException("KV cache exhausted despite reservations: " + cache);
        }
        int taken = j.seq.pageCount() - before;
        j.reserved -= taken;
        reservedPages -= taken;
    }

    private void fail(Job j, RuntimeException e) {
        j.failure = e;
        j.done.countDown();
    }

    /** Releases a finished or cancelled job's pages and its remaining reservation; true (for removeIf). */
    private boolean leave(Job j) {
        j.seq.close();
        reservedPages -= j.reserved;
        j.reserved = 0;
        return true;
    }

    /**
     * Runs a short dummy sequence through the whole path (a prompt chunk, then decode passes) on this thread, before the
     * scheduler starts, so that the JIT has compiled the hot loops before the first real request (its TTFT is not JIT
     * time). Its pages go back to the cache.
     */
    private void warmUp() {
        int vocab = model.hyperparameters().vocab();
        int promptLength = Math.min(Math.min(48, pass.capacity()), config.maxContext() - 9);
        if (promptLength < 1) return;
        try (KvSequence seq = new KvSequence(cache)) {
            if (!seq.reserve(promptLength + 8)) return;
            pass.clear();
            for (int i = 0; i < promptLength; i++) pass.add(seq, (i * 7919) % vocab, i == promptLength - 1);
            pass.run();
            for (int i = 0; i < 8; i++) {
                int token = sputnik.engines.builtin.tensor.VectorMath.argmax(pass.logits(0), 0, vocab);
                pass.clear();
                pass.add(seq, token, true);
                pass.run();
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        cache.close();
    }
}
