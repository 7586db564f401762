package sputnik.engines.builtin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.engines.builtin.engine.LoadedModel;
import sputnik.engines.builtin.engine.RoutingStats;
import sputnik.engines.builtin.engine.WeightOptions;
import sputnik.engines.builtin.model.BatchForward;
import sputnik.engines.builtin.model.DecoderModel;
import sputnik.engines.builtin.model.KvCache;
import sputnik.engines.builtin.model.KvSequence;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tensor.Kernels;
import sputnik.engines.builtin.tensor.VectorMath;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.IoErrors;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measure the built-in engine's prompt processing (pp) and generation (tg) speed on a GGUF file, as llama-bench and"
                    + " llama-batched-bench do: for each thread count and number of concurrent sequences (-b), pp: each sequence's -p prompt"
                    + " tokens in forward passes of --ubatch tokens; tg: -n tokens generated one pass at a time for all sequences together"
                    + " (each after a one-token prompt). Reported: tokens/s summed over the sequences, mean +- standard deviation over -r"
                    + " repetitions (after one warm-up), the GB/s of weights the passes read, and that as a percentage of a STREAM triad"
                    + " run in this process with the same threads just before. JSON (-o json) uses llama-bench's field names where they mean"
                    + " the same (n_prompt, n_gen, n_threads, avg_ts, stddev_ts, samples_ts, ...), plus n_seq and the bandwidth fields."},
        footer = {"", "Examples:",
            "  sputnik bench --model model.gguf                                  # pp512 and tg128 on every core",
            "  sputnik bench --model model.gguf -p 512 -n 128 -t 1,2 -b 1,4,16 -r 5 --json bench.json --csv bench.csv"})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE.gguf", description = "The model.")
    Path model;

    @Option(names = {"-p", "--n-prompt"}, split = ",", paramLabel = "N", description = "Prompt lengths to time (default: 512; 0 = none).")
    List<Integer> prompts = List.of(512);

    @Option(names = {"-n", "--n-gen"}, split = ",", paramLabel = "N", description = "Generation lengths to time (default: 128; 0 = none).")
    List<Integer> gens = List.of(128);

    @Option(names = {"-t", "--threads"}, split = ",", paramLabel = "N", description = "Thread counts (default: every core).")
    List<Integer> threads;

    @Option(names = {"-b", "--batch"}, split = ",", paramLabel = "N", description = "Concurrent sequences (default: 1).")
    List<Integer> batches = List.of(1);

    @Option(names = {"-r", "--repetitions"}, paramLabel = "N", description = "Timed repetitions of each test (default: 5).")
    int repetitions = 5;

    @Option(names = "--ubatch", paramLabel = "N", description = "Tokens per forward pass (default: 512).")
    int ubatch = 512;

    @Option(names = "--kv-type", paramLabel = "f16|f32", description = "KV cache type (default: f16).")
    String kvType = "f16";

    @picocli.CommandLine.Mixin
    WeightOptions weights = new WeightOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "md|json|csv", description = "What goes to stdout (default: md, a table).")
    String output = "md";

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as a JSON array here.")
    Path jsonFile;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the results as CSV here.")
    Path csvFile;

    /** One test's result: the fields llama-bench's JSON has, and Sputnik's own. */
    record Result(String test, int nPrompt, int nGen, int nSeq, int nThreads, long[] samplesNs, double tokens, double weightBytes, double triadGbs,
                  double expertsPerLayerPass, String weights, long[] expertLoad) {
        double[] samplesTs() {
            double[] ts = new double[samplesNs.length];
            for (int i = 0; i < ts.length; i++) ts[i] = tokens / (samplesNs[i] / 1e9);
            return ts;
        }

        double avgTs() {
            return mean(samplesTs());
        }

        double stddevTs() {
            return stddev(samplesTs());
        }

        double avgNs() {
            double s = 0;
            for (long n : samplesNs) s += n;
            return s / samplesNs.length;
        }

        /** GB/s of weights: bytes the passes read per repetition over the mean time. */
        double weightsGbs() {
            return weightBytes / avgNs();
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Integer> threadCounts = threads != null ? threads : List.of(WorkerPool.defaultThreads());
        for (int t : threadCounts) LoadedModel.threads(t);
        for (int b : batches) if (b < 1) throw new UsageException("-b must be at least 1, got " + b);
        for (int p : prompts) if (p < 0) throw new UsageException("-p must not be negative, got " + p);
        for (int n : gens) if (n < 0) throw new UsageException("-n must not be negative, got " + n);
        if (repetitions < 1) throw new UsageException("-r must be at least 1, got " + repetitions);
        if (ubatch < 1) throw new UsageException("--ubatch must be at least 1, got " + ubatch);
        if (!List.of("md", "json", "csv").contains(output)) throw new UsageException("-o must be md, json or csv, got '" + output + "'");
        KvCache.Type type;
        try {
            type = KvCache.Type.parse(kvType);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kv-type must be f16 or f32, got '" + kvType + "'");
        }
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        List<Result> results = new ArrayList<>();
        try (LoadedModel m = LoadedModel.open(model, weights.noRepack())) {
            DecoderModel dm = m.model();
            err.printf(Locale.ROOT, "sputnik bench: %s, %s, %.2f GB of weights; kernels %s; KV %s%n", model.getFileName(), dm.hyperparameters().describe(),
                    dm.totalWeightBytes() / 1e9, Kernels.describe(), type.name().toLowerCase(Locale.ROOT));
            err.println(dm.weightLayout().describe());
            long perToken = KvCache.bytesPerToken(dm.hyperparameters(), type), positions8g = (8L << 30) / perToken;
            err.printf(Locale.ROOT, "KV cache: %d bytes per token in %s (%d in f32, %d in f16); 8 GiB holds %d positions, e.g. %d sequences of %d%n",
                    perToken, type.name().toLowerCase(Locale.ROOT), KvCache.bytesPerToken(dm.hyperparameters(), KvCache.Type.F32),
                    KvCache.bytesPerToken(dm.hyperparameters(), KvCache.Type.F16), positions8g,
                    positions8g / Math.min(dm.hyperparameters().contextLength(), 32768), Math.min(dm.hyperparameters().contextLength(), 32768));
            String kvForms = dm.kvComparison(type.bytes());
            if (kvForms != null) err.println("KV cache " + kvForms);
            err.flush();
            for (int t : threadCounts) {
                try (WorkerPool pool = new WorkerPool(t)) {
                    double triad = Triad.gbPerSecond(pool);
                    for (int b : batches) {
                        for (int p : prompts) if (p > 0) results.add(time(dm, pool, type, "pp" + p, p, 0, b, triad, err));
                        for (int n : gens) if (n > 0) results.add(time(dm, pool, type, "tg" + n, 0, n, b, triad, err));
                    }
                }
            }
        }
        String md = BenchTable.markdown(results);
        switch (output) {
            case "json" -> out.println(BenchTable.json(results, model, ubatch, type));
            case "csv" -> out.print(BenchTable.csv(results, model, ubatch, type));
            default -> out.print(md);
        }
        out.flush();
        write(jsonFile, BenchTable.json(results, model, ubatch, type) + "\n");
        write(csvFile, BenchTable.csv(results, model, ubatch, type));
        return 0;
    }

    private static void write(Path file, String text) throws UsageException {
        if (file == null) return;
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + ": " + IoErrors.reason(e));
        }
    }

    /** One warm-up and {@code repetitions} timed runs of a test, each on fresh sequences. */
    private Result time(DecoderModel dm, WorkerPool pool, KvCache.Type type, String name, int nPrompt, int nGen, int nSeq, double triad, PrintWriter err)
            throws UsageException {
        int positions = Math.max(nPrompt, 1) + nGen;
        if (positions > dm.hyperparameters().contextLength()) {
            throw new UsageException(name + " needs " + positions + " positions; the model's context is " + dm.hyperparameters().contextLength());
        }
        long kvBytes = (long) nSeq * ((positions + 15) / 16 + 1) * 16 * KvCache.bytesPerToken(dm.hyperparameters(), type);
        try (KvCache cache = new KvCache(dm.hyperparameters(), type, 16, kvBytes)) {
            BatchForward pass = new BatchForward(dm, pool, Math.max(ubatch, nSeq));
            long[] samples = new long[repetitions];
            double bytes = 0, experts = 0;
            int layers = Math.max(1, pass.moeLayers());
            long[][] load = new long[dm.hyperparameters().layers()][pass.experts()]; // tokens routed to each expert, timed runs
            for (int r = -1; r < repetitions; r++) {
                long[] read = {0, 0, 0}; // bytes of weights, passes, experts run (summed over layers)
                long[][] into = r >= 0 ? load : new long[load.length][pass.experts()];
                long ns = nGen == 0 ? prefill(dm, pass, cache, nPrompt, nSeq, read, into, r) : generate(dm, pass, cache, nGen, nSeq, read, into, r);
                if (r >= 0) { // r = -1 is the warm-up
                    samples[r] = ns;
                    bytes = read[0];
                    experts = read[1] == 0 ? 0 : (double) read[2] / read[1] / layers;
                }
            }
            Result res = new Result(name, nPrompt, nGen, nSeq, pool.threads(), samples, (double) nSeq * (nPrompt + nGen), bytes, triad,
                    experts, dm.weightLayout().name(), RoutingStats.total(load));
            err.printf(Locale.ROOT, "  %s x%d, %d threads: %.2f +- %.2f tokens/s%s%n", name, nSeq, pool.threads(), res.avgTs(), res.stddevTs(),
                    experts > 0 ? String.format(Locale.ROOT, " (%.1f experts run per layer and pass)", experts) : "");
            err.flush();
            return res;
        }
    }

    /** Every sequence's distinct {@code n}-token prompt, in passes of up to --ubatch tokens; the nanoseconds they took. */
    private static long prefill(DecoderModel dm, BatchForward pass, KvCache cache, int n, int nSeq, long[] read, long[][] load, int rep) {
        int vocab = dm.hyperparameters().vocab();
        KvSequence[] seqs = sequences(cache, nSeq, n);
        try {
            long start = System.nanoTime();
            int s = 0, t = 0;
            while (s < nSeq) {
                pass.clear();
                while (s < nSeq && pass.size() < pass.capacity()) {
                    pass.add(seqs[s], (31 * t + 977 * s + 7 * rep + 11) % vocab, t == n - 1);
                    if (++t == n) {
                        t = 0;
                        s++;
                    }
                }
                pass.run();
                count(dm, pass, pass.logitCount(), read, load);
            }
            return System.nanoTime() - start;
        } finally {
            for (KvSequence q : seqs) q.close();
        }
    }

    /** A one-token prompt for every sequence, then {@code n} passes of one token each; the nanoseconds those passes took. */
    private static long generate(DecoderModel dm, BatchForward pass, KvCache cache, int n, int nSeq, long[] read, long[][] load, int rep) {
        int vocab = dm.hyperparameters().vocab();
        KvSequence[] seqs = sequences(cache, nSeq, n + 1);
        try {
            pass.clear();
            for (int s = 0; s < nSeq; s++) pass.add(seqs[s], (13 * s + rep + 1) % vocab, true);
            pass.run();
            int[] next = new int[nSeq];
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < nSeq; s++) next[s] = VectorMath.argmax(pass.logits(s), 0, vocab);
                pass.clear();
                for (int s = 0; s < nSeq; s++) pass.add(seqs[s], next[s], true);
                pass.run();
                count(dm, pass, nSeq, read, load);
            }
            return System.nanoTime() - start;
        } finally {
            for (KvSequence q : seqs) q.close();
        }
    }

    private static void count(DecoderModel dm, BatchForward pass, int logitRows, long[] read, long[][] load) {
        read[0] += dm.weightBytesRead(pass.expertsTouched(), logitRows);
        read[1]++;
        read[2] += pass.expertsTouched();
        pass.addExpertLoad(load);
    }


    private static KvSequence[] sequences(KvCache cache, int n, int positions) {
        KvSequence[] seqs = new KvSequence[n];
        for (int s = 0; s < n; s++) {
            seqs[s] = new KvSequence(cache);
            if (!seqs[s].reserve(positions)) throw new IllegalStateException("bench KV cache too small: " + cache);
        }
        return seqs;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    static double stddev(double[] x) {
        if (x.length < 2) return 0;
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return Math.sqrt(s / (x.length - 1));
    }

    /** llama-bench's common fields beside each result, so both tools' rows sit in one table. */
    static Map<String, Object> fields(Result r, Path model, int ubatch, KvCache.Type type) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("build_commit", System.getProperty("sputnik.git", "unknown"));
        j.put("backends", "sputnik-builtin");
        j.put("cpu_info", System.getProperty("os.arch"));
        j.put("model_filename", model.toString());
        try {
            j.put("model_size", Files.size(model));
        } catch (IOException e) {
            j.put("model_size", null);
        }
        j.put("n_ubatch", ubatch);
        j.put("n_threads", r.nThreads());
        j.put("type_k", type.name().toLowerCase(Locale.ROOT));
        j.put("type_v", type.name().toLowerCase(Locale.ROOT));
        j.put("kernels", Kernels.describe());
        j.put("weights", r.weights()); // repacked or mapped (--no-repack): llama-bench's use_mmap / repack in one field
        j.put("n_prompt", r.nPrompt());
        j.put("n_gen", r.nGen());
        j.put("n_depth", 0);
        j.put("n_seq", r.nSeq());
        j.put("test", r.test());
        j.put("test_time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        j.put("avg_ns", Math.round(r.avgNs()));
        j.put("stddev_ns", Math.round(stddev(toDoubles(r.samplesNs()))));
        j.put("avg_ts", r.avgTs());
        j.put("stddev_ts", r.stddevTs());
        j.put("samples_ns", r.samplesNs());
        j.put("samples_ts", r.samplesTs());
        j.put("weights_gb_per_s", r.weightsGbs());
        j.put("triad_gb_per_s", r.triadGbs());
        j.put("pct_of_triad", 100 * r.weightsGbs() / r.triadGbs());
        j.put("experts_per_layer_pass", r.expertsPerLayerPass());
        j.put("expert_load", r.expertLoad()); // tokens routed to each expert over the timed runs, summed over MoE layers
        return j;
    }

    private static double[] toDoubles(long[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

}
