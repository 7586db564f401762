package sputnik.harness.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineContext;
import sputnik.harness.api.EngineProvider;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Sampling;
import sputnik.harness.api.Suite;
import sputnik.harness.plugin.Environment;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.registry.Plugins;
import sputnik.harness.registry.Registry;
import sputnik.harness.run.Progress;
import sputnik.harness.run.RunPlan;
import sputnik.harness.run.RunFailure;
import sputnik.harness.run.Runner;
import sputnik.harness.api.UsageException;
import sputnik.harness.run.DeferredGrading;
import sputnik.harness.run.ProblemSelection;
import sputnik.harness.run.Shard;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run an engine over a suite into a run directory, grade every sample and print the scores.",
            "Running the same command again resumes: finished samples are kept, missing or failed ones are done."
        },
        footer = {
            "",
            "Example:",
            "  sputnik run --suite arith --engine replay --responses examples/arith-replay.jsonl --samples 4 --out runs/demo"
        })
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Set by {@link Main#build()}: the engine providers whose flags this invocation binds. */
    Registry<EngineProvider> engines;

    @Mixin
    SuiteOptions suiteOptions;

    @Option(names = "--engine", paramLabel = "NAME", description = "Engine to generate with (see 'sputnik engines').")
    String engine;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model name or file, as the engine understands it.")
    String model;

    @Option(names = "--samples", paramLabel = "K", description = "Samples per problem (default: the suite's).")
    Integer samples;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N problems of the suite (of those the options below keep).")
    Integer limit;

    @Mixin
    SelectionOptions selectionOptions;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
            description = "Run seed; each sample's seed derives from it and the sample id (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--grader", paramLabel = "NAME", description = "Grader to use instead of the suite's (see 'sputnik graders').")
    String grader;

    @Mixin
    GradingOptions grading;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Per-request time limit; a request over it is recorded as an error and retried on resume (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<suite>-<engine>[-<model>]).")
    Path out;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Do only shard I of the run split in N (0 <= I < N), in its own run directory; auto/N takes I from $SLURM_ARRAY_TASK_ID or "
                    + "$JOB_COMPLETION_INDEX. A sample's shard is fixed by its id. Put the shards together with 'sputnik merge'.")
    String shardSpec;

    @Option(names = "--no-grade",
            description = "Record the responses without grading them (verdict 'ungraded'), to grade later and elsewhere with 'sputnik grade RUN_DIR --pending'"
                    + " (no sandbox is needed here).")
    boolean noGrade;

    @Option(names = "--dry-run",
            description = "Print the plan (problems, samples, what --out already holds, token budget, a cost bound at the price book's rate for --model)"
                    + " and stop: the engine is not opened and nothing is written.")
    boolean dryRun;

    @Option(names = "--fresh", description = "Start over: the directory's earlier files move to previous/<time>/.")
    boolean fresh;

    @Option(names = "--claim", paramLabel = "NAME",
            description = "The published number to hold the run against (see the claims in 'sputnik report --help'); default: the claim"
                    + " for the run's model and suite, if one is known.")
    String claim;

    @Override
    public Integer call() throws Exception {
        // Checked here, not with required=true, so that an unknown flag is reported before a missing one.
        if (suiteOptions.suite() == null) throw new ParameterException(spec.commandLine(), "Missing required option: '--suite=NAME'");
        if (engine == null) throw new ParameterException(spec.commandLine(), "Missing required option: '--engine=NAME'");
        positive("--samples", samples);
        positive("--limit", limit);
        positive("--concurrency", concurrency);
        positive("--timeout", (int) Math.min(Integer.MAX_VALUE, timeoutSeconds));

        Shard shard = Shard.parse(shardSpec, System.getenv());
        EngineProvider provider = engines.get(engine);
        Suite suite = suiteOptions.load(suiteOptions.suite(), null);
        Grader named = SuiteGraders.named(grader != null ? grader : suite.grader(), suite);
        Sampling s;
        try {
            s = sampling.resolve(suite.defaults(), seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ProblemSelection selection = selectionOptions.selection();
        List<Problem> chosen = selection.apply(suite.problems(), suite.name());
        if (chosen.isEmpty()) throw new UsageException("the selection keeps none of suite " + suite.name() + "'s " + suite.problems().size() + " problems");
        List<Problem> problems = limit != null && limit < chosen.size() ? chosen.subList(0, limit) : chosen;
        GradableProblems.require(named, suite, problems);
        if (dryRun) {
            int k = samples != null ? samples : suite.defaults().samples();
            Path dir = runDir(suite, model, shard);
            DryRun.print(new DryRun.Plan(suite, problems, selection.describe(), k, s, seed, provider.name(), model, shard, dir), spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
            return 0;
        }
        EngineContext ctx = new EngineContext(model, Duration.ofSeconds(timeoutSeconds), concurrency, suiteOptions.context(null));
        PrintStream err = WriterStream.of(spec.commandLine().getErr());
        OtherEngineFlags.warn(spec, provider.name(), err);

        try (Grader g = noGrade ? new DeferredGrading(named) : grading.configure(named); Engine e = provider.open(ctx)) {
            e.checkProblems(problems);
            int k = samples(suite, e, err);
            Path dir = runDir(suite, model != null ? model : e.model(), shard);
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("suite", suite.name());
            // A suite from a file (not built in) is read again from it to grade, resume or report the run.
            if (suite.file() != null) config.put("suite_file", suite.file().toString());
            config.put("suite_version", suite.version());
            config.put("dataset_sha256", suite.datasetSha256());
            config.put("prompt_template", suite.promptTemplate());
            config.put("grader", g.name());
            if (!suite.graderOptions().isEmpty() && g.name().equals(suite.grader())) config.put("grader_options", suite.graderOptions());
            if (!g.settings().isEmpty()) config.put("grader_settings", g.settings());
            config.put("engine", provider.name());
            config.put("engine_config", provider.config(ctx));
            config.put("model", e.model());
            config.put("sampling", samplingConfig(s));
            config.put("seed", seed);
            if (!suite.metrics().isEmpty()) config.put("metrics", suite.metrics()); // the scores the suite's protocol reports
            Map<String, Object> env = Environment.describe();
            env.put("concurrency", concurrency);
            env.put("request_timeout_s", timeoutSeconds);
            Map<String, Object> engineEnv = provider.environment(ctx);
            if (!engineEnv.isEmpty()) env.put("engine", engineEnv);
            if (claim != null) env.put("claim", claim); // which published number to hold the run against (reports)

            RunPlan plan = new RunPlan(suite, problems, limit, g, e, s, k, concurrency, Duration.ofSeconds(timeoutSeconds), dir,
                    fresh, config, env, shard, selection.describe());
            Runner runner = new Runner(err, Progress.stderrIsTerminal());
            // Ctrl-C runs shutdown hooks while this thread goes on: the hook stops the runner, then
            // holds the JVM open until the partial results are written and reported.
            CountDownLatch reported = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                runner.stop();
                try {
                    reported.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "sputnik-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                Runner.Outcome outcome;
                try {
                    outcome = runner.run(plan);
                } catch (RunFailure f) {
                    err.println("sputnik: " + f.getMessage());
                    return 1;
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for the report below
                }
                var w = spec.commandLine().getOut();
                SummaryPrinter.print(dir, w);
                w.flush();
                RecordedHooks.after(dir, err);
                if (outcome.interrupted()) {
                    err.println("sputnik: interrupted; " + outcome.summary().counts().samplesDone() + " samples are in " + dir
                            + "; run the same command again to finish");
                    return 130;
                }
                if (noGrade && outcome.failed() == 0) {
                    err.println("sputnik: responses recorded, grading deferred (--no-grade): " + outcome.remaining() + " samples await grading; grade them"
                            + " with: sputnik grade " + dir + " --pending" + (shard == null ? "" : " (and merge the shards after)"));
                    return 0;
                }
                return shard == null ? exitCode(outcome, dir, err) : shardExitCode(outcome, shard, dir, err);
            } finally {
                err.flush();
                reported.countDown();
            }
        }
    }

    /** A shard is done when its own samples are: the run's summary counts the other shards' as missing. */
    private static int shardExitCode(Runner.Outcome outcome, Shard shard, Path dir, PrintStream err) {
        if (outcome.remaining() > 0) {
            err.println("sputnik: shard " + shard + ": " + outcome.remaining() + " of its samples are not finished (" + outcome.failed()
                    + " failed this time, see " + dir.resolve("errors.jsonl") + "); run the same command again to retry them");
            return 1;
        }
        err.println("sputnik: shard " + shard + " is complete in " + dir + " (its summary counts the other shards' samples as missing);"
                + " when all " + shard.count() + " are, put them together with: sputnik merge SHARD_DIR... --out DIR");
        return 0;
    }

    private static int exitCode(Runner.Outcome outcome, Path dir, PrintStream err) {
        if (!outcome.summary().counts().complete()) {
            err.println("sputnik: " + outcome.summary().counts().samplesMissing() + " samples are not finished ("
                    + outcome.failed() + " failed this time, see " + dir.resolve("errors.jsonl")
                    + "); run the same command again to retry them");
            return 1;
        }
        return 0;
    }

    /**
     * Samples per problem: --samples, else what an engine with a fixed set of responses has (a recorded set: one
     * each; repeating them would only pretend to more evidence), else the suite's protocol.
     */
    private int samples(Suite suite, Engine e, PrintStream err) {
        var fixed = e.samplesPerProblem();
        if (samples == null) return fixed.isPresent() ? fixed.getAsInt() : suite.defaults().samples();
        if (fixed.isPresent() && samples > fixed.getAsInt()) {
            err.println("sputnik: warning: the engine has " + fixed.getAsInt() + " recorded response" + (fixed.getAsInt() == 1 ? "" : "s")
                    + " per problem; --samples " + samples + " repeats them, which adds no evidence");
        }
        return samples;
    }

    private void positive(String flag, Integer value) {
        if (value != null && value < 1) throw new ParameterException(spec.commandLine(), flag + " must be at least 1, got " + value);
    }

    static Map<String, Object> samplingConfig(Sampling s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("temperature", s.temperature());
        m.put("top_p", s.topP());
        m.put("top_k", s.topK());
        m.put("max_tokens", s.maxTokens());
        m.put("stop", s.stop());
        return m;
    }

    /** runs/SUITE-ENGINE[-MODEL]: the model's last path part, without a .gguf extension (a folder named *.gguf looks like a model file). */
    /** --out, else runs/<suite>-<engine>[-<model>][-shard-I-of-N]. */
    private Path runDir(Suite suite, String modelName, Shard shard) {
        if (out != null) return out;
        return Path.of("runs", defaultDirName(suite.name(), engine, modelName) + (shard == null ? "" : "-shard-" + shard.index() + "-of-" + shard.count()));
    }

    static String defaultDirName(String suite, String engine, String model) {
        String name = suite + "-" + engine;
        if (model != null && model.startsWith(engine + ":")) model = model.substring(engine.length() + 1); // "replay:file.jsonl"
        if (model != null) {
            String base = Path.of(model).getFileName() != null ? Path.of(model).getFileName().toString() : model;
            base = base.replaceFirst("(?i)\\.gguf$", "");
            name += "-" + base.replaceAll("[^A-Za-z0-9._-]+", "_");
        }
        return name;
    }
}
