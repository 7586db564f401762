package sputnik.engines.builtin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sputnik.engines.builtin.chat.ChatTemplate;
import sputnik.engines.builtin.engine.BatchingOptions;
import sputnik.engines.builtin.engine.ChatTemplateFile;
import sputnik.engines.builtin.engine.LoadedModel;
import sputnik.engines.builtin.engine.ModelFiles;
import sputnik.engines.builtin.engine.Scheduler;
import sputnik.engines.builtin.engine.WeightOptions;
import sputnik.engines.builtin.server.OpenAiServer;
import sputnik.harness.api.UsageException;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve a GGUF model with the built-in engine as an OpenAI-compatible API: POST /v1/chat/completions and /v1/completions",
            "(streaming, n, stop, seed, logprobs, echo), GET /v1/models, /health (200 once the model is loaded and warmed) and /metrics",
            "(Prometheus). Requests from every client share the batching scheduler. SIGTERM or Ctrl-C stops accepting, lets requests",
            "finish for --grace seconds, cancels the rest and exits 0."
        },
        footer = {"", "Examples:",
            "  sputnik serve --model DeepSeek-R1-Distill-Qwen-1.5B-Q8_0.gguf --port 8080",
            "  sputnik run --suite aime2024 --engine openai --base-url http://127.0.0.1:8080/v1 --samples 8",
            "  SPUTNIK_KEY=secret sputnik serve --model m.gguf --api-key-env SPUTNIK_KEY --host 0.0.0.0"})
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.gguf", description = "The model (qwen2, qwen3moe or deepseek2).")
    Path model;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--alias", paramLabel = "NAME", description = "The model's name in the API (default: the file's name).")
    String alias;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the model's matrix products (default: every core).")
    Integer threads;

    @Option(names = "--context", paramLabel = "N", description = "Positions per sequence, prompt included (default: the model's context_length).")
    Integer context;

    @Option(names = "--max-queue", paramLabel = "N", defaultValue = "256",
            description = "Sequences that may wait beyond the batch; requests past that get 429 with Retry-After (default: ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "Require the key in this environment variable as a bearer token on /v1 (401 without it). The key is never logged.")
    String apiKeyEnv;

    @Option(names = "--reasoning-format", paramLabel = "deepseek|none", defaultValue = "deepseek",
            description = "Chat: deepseek sends a reasoning model's thinking as reasoning_content, out of content (as vLLM and llama.cpp); none"
                    + " leaves it in content (default: ${DEFAULT-VALUE}).")
    String reasoningFormat;

    @Option(names = "--no-think", description = "Chat prompts with enable_thinking=false unless a request's chat_template_kwargs says otherwise (Qwen3).")
    boolean noThink;

    @Option(names = "--chat-template", paramLabel = "FILE", description = "Render chat prompts with this Jinja chat template instead of the model's own.")
    Path chatTemplate;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "33554432",
            description = "Largest request body accepted; larger ones get 413 (default: ${DEFAULT-VALUE}, 32 MiB).")
    long maxBody;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "On SIGTERM: how long requests in flight may run before they are cancelled (default: ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Mixin
    BatchingOptions batching = new BatchingOptions();

    @Mixin
    WeightOptions weights = new WeightOptions();

    /** Counted down by SIGTERM / SIGINT (or a test): the server then drains and the command returns 0. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        int nThreads = LoadedModel.threads(threads);
        if (port < 0 || port > 65535) throw new UsageException("--port must be in 0..65535, got " + port);
        if (maxQueue < 0) throw new UsageException("--max-queue must be >= 0, got " + maxQueue);
        if (maxBody < 1024) throw new UsageException("--max-body must be at least 1024 bytes, got " + maxBody);
        if (graceSeconds < 0) throw new UsageException("--grace must be >= 0, got " + graceSeconds);
        if (context != null && context < 2) throw new UsageException("--context must be at least 2, got " + context);
        OpenAiServer.ReasoningFormat reasoning = switch (reasoningFormat.toLowerCase(Locale.ROOT)) {
            case "deepseek" -> OpenAiServer.ReasoningFormat.DEEPSEEK;
            case "none" -> OpenAiServer.ReasoningFormat.NONE;
            default -> throw new UsageException("--reasoning-format must be deepseek or none, got '" + reasoningFormat + "'");
        };
        String key = null;
        if (apiKeyEnv != null) {
            key = System.getenv(apiKeyEnv);
            if (key == null || key.isBlank()) throw new UsageException("--api-key-env names $" + apiKeyEnv + ", which is not set: export " + apiKeyEnv + "=... first");
            key = key.strip();
        }
        String fileName = String.valueOf(model.getFileName());
        String name = alias != null ? alias : fileName;
        OpenAiServer.Settings settings = new OpenAiServer.Settings(host, port, name, List.of(fileName), key, maxQueue, maxBody, reasoning, !noThink);
        // a missing or damaged file is a one-line error before anything listens (reading the header is quick; loading is not)
        ModelFiles.open(model).close();
        Signals.onStop(stop::countDown);
        OpenAiServer server;
        try {
            server = OpenAiServer.start(settings);
        } catch (BindException e) {
            throw new UsageException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): pick another --port or --host");
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): check --host and --port");
        }
        String url = "http://" + hostForUrl(server) + ":" + server.address().getPort() + "/v1";
        try {
            err.println("sputnik serve: listening on " + url + " (/health answers 503 until the model is ready); loading " + model);
            err.flush();
            LoadedModel m = LoadedModel.open(model, weights.noRepack());
            try {
                int ctx = context != null ? context : m.model().hyperparameters().contextLength();
                Scheduler.Config config = batching.config(m.model().hyperparameters(), nThreads, ctx);
                ChatTemplate template = chatTemplate == null ? null : ChatTemplateFile.read(chatTemplate, m.tokenizer());
                Scheduler scheduler = new Scheduler(m.model(), m.tokenizer(), config, true);
                server.ready(m, scheduler, template);
                err.printf(Locale.ROOT, "sputnik serve: ready: %s serves '%s' (%d positions per sequence, batch of %d, %.0f MB of %s KV cache, %d threads,"
                        + " queue of %d)%s%n", url, name, ctx, config.maxBatch(), config.kvBytes() / 1e6, batching.kvType(), nThreads, maxQueue,
                        key != null ? "; requests need the key in $" + apiKeyEnv : "");
                err.flush();
            } catch (UsageException | RuntimeException e) {
                m.close();
                throw e;
            }
            stop.await();
            err.println("sputnik serve: stopping: no new connections; requests in flight have " + graceSeconds + " s to finish");
            err.flush();
        } finally {
            server.shutdown(Duration.ofSeconds(graceSeconds));
        }
        err.println("sputnik serve: stopped");
        err.flush();
        return 0;
    }

    private String hostForUrl(OpenAiServer server) {
        String h = server.address().getAddress().getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }
}
