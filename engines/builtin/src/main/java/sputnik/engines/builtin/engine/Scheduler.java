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
 * <p>Admission is first come, first served, up to {@link Config#maxBatch} sequences, when the KV cache has room for
 * the new sequence's prompt and a little more. When a running sequence needs a page and none is left (pages only
 * the prefix cache holds are given back first), the sequence admitted last is preempted, as vLLM does: its pages
 * go back (its full ones stay findable in the prefix cache) and it waits at the head of the queue with its sampler
 * and text as they were; when it is admitted again its prompt and the tokens it had generated are computed again,
 * which gives exactly the keys and values it had, so its output does not change. A request waits for memory
 * rather than failing; one that cannot fit even alone fails at once. A prompt whose first pages another sequence
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

    /**
     * What the scheduler has done so far. For a MoE model, {@code expertLoad[l][e]} counts the tokens routed to expert
     * {@code e} of layer {@code l} (each token goes to {@code expertsPerToken} experts of each MoE layer; rows of dense
     * layers are zeros), and {@code expertsTouched} the experts the passes ran, summed over passes and layers.
     */
    public record Stats(long passes, long promptTokens, long promptTokensComputed, long promptTokensShared, long decodeTokens, int mostActive,
                        long expertsTouched, long tokensInPasses, long preemptions, int expertsPerToken, int moeLayers, long[][] expertLoad) {
        /** Average tokens per forward pass. */
        public double tokensPerPass() {
            return passes == 0 ? 0 : (double) tokensInPasses / passes;
        }

        /** Distinct experts a pass ran per MoE layer, on average (0 for a dense model). */
        public double distinctExpertsPerLayerPass() {
            return passes == 0 || moeLayers == 0 ? 0 : (double) expertsTouched / passes / moeLayers;
        }

        /** Tokens routed to each expert, summed over the layers. */
        public long[] expertLoadTotal() {
            return RoutingStats.total(expertLoad);
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
    private final List<PromptRow> promptRows = new ArrayList<>(); // scheduler thread only: this pass's rows of prompt log-probabilities

    /** A prompt position of {@code job} whose logits the pass computes (at {@code row}) for the prompt's log-probabilities. */
    private record PromptRow(Job job, int position, int row) {}
    private volatile boolean closed;
    private final AtomicLong passes = new AtomicLong(), promptTokens = new AtomicLong(), promptComputed = new AtomicLong(),
            promptShared = new AtomicLong(), decodeTokens = new AtomicLong(), expertsTouched = new AtomicLong(), tokensInPasses = new AtomicLong(),
            preemptions = new AtomicLong();
    private volatile int mostActive, queued, running;
    private final long[][] expertLoad; // [layer][expert], guarded by itself; updated by the scheduler thread after each pass

    /** Starts the scheduler thread; with {@code warmUp}, after a dummy pass that compiles the hot paths (see {@link #warmUp()}). */
    public Scheduler(DecoderModel model, Tokenizer tokenizer, Config config, boolean warmUp) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.config = config;
        this.cache = new KvCache(model.hyperparameters(), config.kvType(), PAGE_SIZE, config.kvBytes());
        this.pool = new WorkerPool(config.threads());
        this.prefixes = new PrefixCache(cache);
        this.pass = new BatchForward(model, pool, Math.max(config.ubatch(), config.maxBatch()));
        this.expertLoad = new long[model.hyperparameters().layers()][pass.experts()];
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
        long[][] load;
        synchronized (expertLoad) {
            load = new long[expertLoad.length][];
            for (int l = 0; l < load.length; l++) load[l] = expertLoad[l].clone();
        }
        return new Stats(passes.get(), promptTokens.get(), promptComputed.get(), promptShared.get(), decodeTokens.get(), mostActive,
                expertsTouched.get(), tokensInPasses.get(), preemptions.get(), pass.expertsPerToken(), pass.moeLayers(), load);
    }

    /** One request, from submission to its result. */
    private final class Job {
        final int[] prompt;
        int[] context; // what its sequence holds or will: the prompt, after a preemption also the tokens generated before it
        final Generator.Options options;
        final Decoding decoding;
        final CountDownLatch done = new CountDownLatch(1);
        final long submitted = System.nanoTime();
        volatile boolean cancelled;
        KvSequence seq;
        boolean inPass; // in the pass being built: its pages must stay
        long prefillEnd, firstToken, end;
        Generator.Result result;
        RuntimeException failure;

        Job(int[] prompt, Generator.Options options, Generator.Listener listener) {
            this.prompt = prompt;
            this.context = prompt;
            this.options = options;
            this.decoding = new Decoding(tokenizer, model.hyperparameters().vocab(), prompt.length, config.maxContext(), options, listener);
        }

        boolean prefilling() {
            return seq.length() < context.length;
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
        Handle handle = submit(prompt, options, listener);
        try {
            return handle.await();
        } catch (InterruptedException e) {
            handle.cancel();
            throw new InterruptedException("generation interrupted after " + handle.job.decoding.generated() + " tokens");
        }
    }

    /**
     * Queues a generation and returns at once; the listener hears its tokens from the scheduler's thread. An {@link
     * IllegalArgumentException} when it cannot fit the context or the KV memory even alone, an {@link
     * IllegalStateException} when the scheduler is closed.
     */
    public Handle submit(int[] prompt, Generator.Options options, Generator.Listener listener) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
        if (prompt.length >= config.maxContext()) {
            throw new IllegalArgumentException("the prompt's " + prompt.length + " tokens leave no room in the context of " + config.maxContext()
                    + " positions");
        }
        Job job = new Job(prompt.clone(), options, listener);
        long pages = pages(job.worstCasePositions());
        if (pages + 1 > cache.capacityPages()) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "a sequence of %d positions needs %.1f MB of KV cache; the KV memory is %.1f MB (raise --kv-memory or lower --max-tokens)",
                    job.worstCasePositions(), pages * PAGE_SIZE * cache.bytesPerToken() / 1e6, cache.capacityPages() * PAGE_SIZE * cache.bytesPerToken() / 1e6));
        }
        lock.lock();
        try {
            if (closed) throw new IllegalStateException("the engine is closed");
            queue.add(job);
            queued = queue.size();
            work.signal();
        } finally {
            lock.unlock();
        }
        return new Handle(job);
    }

    /** A submitted generation: wait for it, or cancel it. */
    public final class Handle {
        private final Job job;

        private Handle(Job job) {
            this.job = job;
        }

        /**
         * Waits for the result. A {@link java.util.concurrent.CancellationException} when it was cancelled, a
         * {@link NonFiniteLogitsException} or {@link IllegalStateException} when it failed.
         */
        public Generator.Result await() throws InterruptedException {
            job.done.await();
            if (job.failure != null) throw job.failure;
            return job.result;
        }

        /** Whether it has ended (finished, failed or cancelled). */
        public boolean done() {
            return job.done.getCount() == 0;
        }

        /**
         * Cancels it: it leaves the queue or the batch before the next forward pass, its pages go back, and {@link
         * #await} throws a {@link java.util.concurrent.CancellationException}. Nothing happens when it has ended.
         */
        public void cancel() {
            job.cancelled = true;
            wake();
        }
    }

    /** Generations waiting for a place in the batch (as of the scheduler's last look at its queue). */
    public int queued() {
        return queued;
    }

    /** Generations in the batch. */
    public int running() {
        return running;
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
                    queue.removeIf(j -> j.cancelled && cancelled(j));
                    admit();
                    queued = queue.size();
                } finally {
                    lock.unlock();
                }
                active.removeIf(j -> j.cancelled && cancelled(j));
                running = active.size();
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

    /**
     * Moves queued jobs into the batch while there is room, first come first served (lock held): room for the job's
     * context (less the pages it shares) and one page more, beside a reserve of 1% of the cache kept for the running
     * sequences' next pages, so that admitting does not at once force a preemption.
     */
    private void admit() {
        long watermark = Math.max(1, cache.capacityPages() / 100);
        while (!queue.isEmpty() && active.size() < config.maxBatch()) {
            Job job = queue.peek();
            // a prompt whose log-probabilities are asked for is computed in full: shared pages would skip positions
            boolean share = config.prefixSharing() && !job.decoding.wantsPromptLogprobs();
            int[] shared = share ? prefixes.lookup(job.context, (job.context.length - 1) / PAGE_SIZE) : new int[0];
            if (share && waitsForPrefix(job, shared.length)) return;
            long need = pages(job.context.length + 1) - shared.length;
            long free = cache.pagesAvailable() + prefixes.evictable() - shared.length; // the shared pages it pins are no longer evictable
            if (need + (active.isEmpty() ? 0 : watermark) > free) return;
            queue.poll();
            job.seq = new KvSequence(cache);
            job.seq.adopt(shared);
            if (job.decoding.generated() == 0) { // a first admission: its prompt's figures (a preempted job's recompute is not prompt work)
                promptTokens.addAndGet(job.prompt.length);
                promptShared.addAndGet((long) shared.length * PAGE_SIZE);
            }
            active.add(job);
            mostActive = Math.max(mostActive, active.size());
        }
    }

    /** Whether a sequence still prefilling is computing more of this prompt's pages than the cache has now. */
    private boolean waitsForPrefix(Job job, int cachedPages) {
        int usable = (job.context.length - 1) / PAGE_SIZE;
        for (Job other : active) {
            if (other.prefilling() && Math.min(usable, prefixes.commonPages(job.context, other.context)) > cachedPages) return true;
        }
        return false;
    }

    /** One forward pass: every decoding sequence's next token, then prompt chunks up to the pass's size. */
    private void step() {
        int budget = pass.capacity();
        pass.clear();
        List<Job> rows = new ArrayList<>(active.size());
        List<Integer> logitRows = new ArrayList<>(active.size());
        for (int a = 0; a < active.size() && budget > 0; a++) {
            Job j = active.get(a);
            if (j.prefilling() || !take(j, j.seq.length() + 1)) continue;
            j.inPass = true;
            rows.add(j);
            logitRows.add(pass.add(j.seq, j.decoding.lastToken(), true));
            budget--;
        }
        int decoding = rows.size();
        promptRows.clear();
        for (int a = 0; a < active.size() && budget > 0; a++) {
            Job j = active.get(a);
            if (!j.prefilling()) continue;
            // the context's last token gives the first draw; a preempted job computing its context again has drawn it already
            boolean draws = j.decoding.generated() == 0;
            boolean promptLogits = draws && j.decoding.wantsPromptLogprobs();
            int from = j.seq.length(), n = Math.min(promptLogits ? Generator.PROMPT_LOGPROBS_CHUNK : budget, Math.min(budget, j.context.length - from));
            if (!take(j, from + n)) continue;
            j.inPass = true;
            int row = -1;
            for (int i = 0; i < n; i++) {
                int p = from + i;
                boolean last = p == j.context.length - 1;
                row = pass.add(j.seq, j.context[p], (draws && last) || (promptLogits && !last));
                if (promptLogits && !last) promptRows.add(new PromptRow(j, p, row));
            }
            if (promptLogits && from + n < j.context.length) row = -1; // the chunk's last row is a prompt row, not the draw
            budget -= n;
            promptComputed.addAndGet(n);
            if (row >= 0) {
                rows.add(j);
                logitRows.add(row);
            }
        }
        for (Job j : active) j.inPass = false;
        if (pass.size() == 0) return;
        pass.run();
        passes.incrementAndGet();
        tokensInPasses.addAndGet(pass.size());
        expertsTouched.addAndGet(pass.expertsTouched());
        synchronized (expertLoad) {
            pass.addExpertLoad(expertLoad);
        }
        decodeTokens.addAndGet(decoding);
        for (PromptRow r : promptRows) r.job.decoding.promptLogits(r.position, pass.logits(r.row), r.job.context[r.position + 1]);
        long now = System.nanoTime();
        for (Job j : active) if (config.prefixSharing() && j.seq.length() <= j.context.length) prefixes.register(j.context, j.seq, j.seq.length());
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
        running = active.size();
    }

    /**
     * Gives {@code j}'s sequence pages up to {@code positions}: from the free pages, then from pages only the prefix cache
     * holds, then by preempting the job admitted last that is not in the pass being built (possibly {@code j} itself).
     * False when {@code j} was preempted or no page can be had this pass.
     */
    private boolean take(Job j, int positions) {
        while (!j.seq.reserve(positions)) {
            if (prefixes.evict(1) > 0) continue;
            Job victim = null;
            for (int a = active.size() - 1; a >= 0 && victim == null; a--) if (!active.get(a).inPass) victim = active.get(a);
            if (victim == null) return false; // every page is in this pass: j waits for the next
            preempt(victim);
            if (victim == j) return false;
        }
        return true;
    }

    /**
     * Takes {@code j} out of the batch: its full pages stay findable in the prefix cache (they hold its prompt and the
     * tokens it generated), the rest go back, and it waits at the head of the queue to compute its context again.
     */
    private void preempt(Job j) {
        int filled = j.seq.length();
        int[] history = new int[filled];
        System.arraycopy(j.context, 0, history, 0, Math.min(filled, j.context.length));
        // positions past the context hold the generated tokens fed back: all but the last drawn, which is fed next
        for (int p = j.context.length; p < filled; p++) history[p] = j.decoding.token(p - j.prompt.length);
        if (config.prefixSharing()) prefixes.register(history, j.seq, filled);
        if (filled >= j.context.length) j.context = history; // else it was still computing its context: that stays
        j.seq.close();
        j.seq = null;
        active.remove(j);
        preemptions.incrementAndGet();
        lock.lock();
        try {
            queue.addFirst(j);
        } finally {
            lock.unlock();
        }
    }

    private void fail(Job j, RuntimeException e) {
        j.failure = e;
        j.done.countDown();
    }

    /** Ends a cancelled job: its pages go back and its waiter is told; true (for removeIf). */
    private boolean cancelled(Job j) {
        leave(j);
        if (j.done.getCount() > 0) fail(j, new java.util.concurrent.CancellationException("cancelled after " + j.decoding.generated() + " tokens"));
        return true;
    }

    /** Releases a finished or cancelled job's pages; true (for removeIf). */
    private boolean leave(Job j) {
        if (j.seq != null) j.seq.close();
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
