package sputnik.engines.builtin.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.harness.api.UsageException;
import sputnik.engines.builtin.tensor.Kernels;

@Command(
        name = "kernels",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Benchmark the built-in engine's kernels with JMH and compare them with this machine's measured limits: "
                + "matrix-vector products per tensor type over weights far larger than the L3 cache, the MoE block (router, top-8, "
                + "selected experts), a decode step of the engine's paged attention over an F16 KV cache (Qwen3-30B-A3B's and "
                + "DeepSeek-V3's shapes), RMSNorm and softmax, plus STREAM-like copy/triad/read bandwidth and peak FMA throughput, "
                + "at 1 and N threads. Writes jmh.json (JMH's own results), jmh.log, kernels.md "
                + "and kernels.csv into --out, and prints the table.",
        footer = {"", "Examples:", "  sputnik kernels --quick                 # about 4 minutes", "  sputnik kernels --out runs/kernels-full  # every type and shape, about 12 minutes"})
public final class KernelsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Fewer benchmarks (Q8_0, Q4_K, Q6_K matvec; Q8_0 MoE; 4096-position attention), shorter iterations.")
    boolean quick;

    @Option(names = "--threads", paramLabel = "N", description = "Measure at 1 and N threads (default: every core, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results (default: runs/kernels-<time>).")
    Path out;

    @Option(names = "--include", paramLabel = "REGEX", description = "Only benchmarks whose name matches (e.g. 'MatVec|Probe'); the probes are needed for the %% column.")
    String include;

    @Option(names = "--forks", paramLabel = "F", description = "JVM forks per benchmark (default: 1).")
    int forks = 1;

    @Option(names = "--scalar", description = "Run the scalar reference kernels (-Dsputnik.kernels=scalar in the benchmark JVMs).")
    boolean scalar;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        if (forks < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--forks must be at least 1, got " + forks);
        Path dir = out != null ? out : Path.of("runs", "kernels-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        String[] threadCounts = threads == 1 ? new String[] {"1"} : new String[] {"1", String.valueOf(threads)};
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(include != null ? include : "sputnik\\.engines\\.builtin\\.bench\\..*")
                .forks(forks)
                .jvmArgsAppend("--add-modules=jdk.incubator.vector", "-Dsputnik.kernels=" + (scalar ? "scalar" : "vector"))
                .param("threads", threadCounts)
                .resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("jmh.json").toString())
                .shouldFailOnError(true);
        if (quick) {
            // Vector API code runs hundreds of times slower before C2 compiles it, which takes a few seconds for the
            // short kernels (softmax, RMSNorm): the warm-up stays at 4 s even in quick mode.
            o.warmupIterations(4).warmupTime(TimeValue.seconds(1)).measurementIterations(3).measurementTime(TimeValue.milliseconds(500))
                    .param("type", "Q8_0", "Q4_K", "Q6_K")
                    .param("mb", "256")
                    .param("weights", "Q8_0")
                    .param("positions", "4096");
        }
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        String loadBefore = loadAverage();
        err.println("sputnik: running the kernel benchmarks (" + (quick ? "quick" : "full") + ", threads " + String.join(" and ", threadCounts)
                + ", kernels " + (scalar ? "scalar" : "vector") + "); JMH's log: " + dir.resolve("jmh.log") + "; load average " + loadBefore);
        Collection<RunResult> results;
        try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve("jmh.log")), true, StandardCharsets.UTF_8)) {
            results = new Runner(o.build(), new Progress(OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL), err)).run();
        }
        if (results.isEmpty()) throw new UsageException("no benchmark matched --include " + include);
        KernelsTable table = new KernelsTable(results);
        String loadAfter = loadAverage();
        String md = report(table, loadBefore, loadAfter);
        Files.writeString(dir.resolve("kernels.md"), md);
        Files.writeString(dir.resolve("kernels.csv"), table.csv());
        PrintWriter w = spec.commandLine().getOut();
        w.print(md);
        w.flush();
        err.println("sputnik: wrote jmh.json, jmh.log, kernels.md, kernels.csv in " + dir);
        return 0;
    }

    private String report(KernelsTable table, String loadBefore, String loadAfter) {
        StringBuilder sb = new StringBuilder("# Kernel benchmarks\n\n");
        sb.append("Machine: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores; ")
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append("; kernels ")
                .append(scalar ? "scalar (forced)" : Kernels.describe()).append(". Load average before ").append(loadBefore).append(", after ")
                .append(loadAfter).append(" (other work on the machine lowers every figure).\n\n");
        List<String> limits = new ArrayList<>();
        for (String t : new String[] {"1", String.valueOf(threads)}) {
            int n = Integer.parseInt(t);
            if (table.triad(n) == null) continue;
            String line = String.format(Locale.ROOT, "%d thread%s: triad %.1f GB/s, read %.1f GB/s", n, n == 1 ? "" : "s", table.triad(n),
                    table.read(n) == null ? Double.NaN : table.read(n));
            if (table.fma(n) != null) line += String.format(Locale.ROOT, ", peak FMA %.0f GFLOP/s", table.fma(n));
            if (!limits.contains(line)) limits.add(line);
        }
        if (!limits.isEmpty()) sb.append("Measured limits: ").append(String.join("; ", limits)).append(".\n\n");
        sb.append(table.markdown()).append('\n');
        sb.append("""
                What the numbers mean:
                - time/op: JMH's average time of one operation (one full matrix-vector product, one MoE block, one attention decode
                  step over all query heads, one RMSNorm or softmax), with its 99.9% confidence interval over the measurement iterations.
                - GB/s: bytes the operation must read divided by its time. MatVec: the whole weight matrix. MoE: the F32 router and
                  the 8 selected experts' gate, up and down matrices (the other experts are never touched). Attention: the cache rows of
                  the step's positions, counted once. Probes: STREAM's counts (copy 8, triad 12, read 4 bytes per element).
                - GFLOP/s: 2 flops per weight (multiply, add) for MatVec and MoE; for attention 2 per query head, position and key
                  dimension (dot) plus 2 per value dimension (axpy); the FMA probe counts 2 per lane per FMA.
                - reference and %: memory-bound kernels against the STREAM triad bandwidth measured here at the same thread count
                  (the roofline for a kernel that streams its weights once); 100% would mean reading weights as fast as this machine
                  moves memory. Peak FMA is the compute roof: a matrix-vector product does about 2 flops per weight byte or less, so
                  it is far below it and bound by bandwidth, not arithmetic.
                - ProbeBench.dispatch: the cost of one empty parallel step on the worker pool (a decode step makes a few hundred).
                """);
        return sb.toString();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    /** JMH's text output to the log file, plus one progress line per finished benchmark on stderr. */
    private static final class Progress implements OutputFormat {
        private final OutputFormat log;
        private final PrintStream err;
        private int done;

        Progress(OutputFormat log, PrintStream err) {
            this.log = log;
            this.err = err;
        }

        @Override public void iteration(BenchmarkParams b, IterationParams p, int i) { log.iteration(b, p, i); }
        @Override public void iterationResult(BenchmarkParams b, IterationParams p, int i, IterationResult r) { log.iterationResult(b, p, i, r); }
        @Override public void startBenchmark(BenchmarkParams b) { log.startBenchmark(b); }

        @Override
        public void endBenchmark(BenchmarkResult r) {
            log.endBenchmark(r);
            BenchmarkParams p = r.getParams();
            StringBuilder params = new StringBuilder();
            for (String k : p.getParamsKeys()) params.append(' ').append(k).append('=').append(p.getParam(k));
            err.printf(Locale.ROOT, "sputnik: [%d] %s%s: %.3f %s%n", ++done, KernelsTable.shortName(p.getBenchmark()), params,
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreUnit());
        }

        @Override public void startRun() { log.startRun(); }
        @Override public void endRun(Collection<RunResult> r) { log.endRun(r); }
        @Override public void print(String s) { log.print(s); }
        @Override public void println(String s) { log.println(s); }
        @Override public void flush() { log.flush(); }
        @Override public void close() { log.close(); }
        @Override public void verbosePrintln(String s) { log.verbosePrintln(s); }
        @Override public void write(int b) { log.write(b); }
        @Override public void write(byte[] b) throws IOException { log.write(b); }
    }
}
