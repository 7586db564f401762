package sputnik.engines.openai.mock;

import java.net.InetAddress;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.engines.openai.mock.MockServer.Fault;

@Command(
        name = "mock-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve a mock OpenAI-compatible API (/v1/chat/completions, /v1/completions, /v1/models) with a known timing and optional",
            "injected faults, until Ctrl-C: to measure the client ('sputnik loadtest') or try a setup without a model. Replies are",
            "words (' word' each), one per SSE chunk; with ignore_eos they fill max_tokens."
        },
        footer = {"", "Example:", "  sputnik mock-server --port 8000 --ttft-ms 100 --token-delay-ms 20"})
public final class MockServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000", description = "Port (0: any free one) (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--ttft-ms", paramLabel = "MS", defaultValue = "0", description = "Time to the first token (default: ${DEFAULT-VALUE}).")
    double ttftMs;

    @Option(names = "--token-delay-ms", paramLabel = "MS", defaultValue = "0", description = "Time between tokens (default: ${DEFAULT-VALUE}).")
    double tokenDelayMs;

    @Option(names = "--output-tokens", paramLabel = "N", defaultValue = "16",
            description = "Tokens per reply when the request has no ignore_eos (at most max_tokens) (default: ${DEFAULT-VALUE}).")
    int outputTokens;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "mock-model", description = "The model name /v1/models lists (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--no-usage", description = "Never send token usage (a server that does not).")
    boolean noUsage;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "Require the key in this environment variable as a bearer token.")
    String apiKeyEnv;

    @Option(names = "--fault-rate", paramLabel = "P", defaultValue = "0",
            description = "Fail this fraction of requests, each way equally often: 429, 500, error event, dropped connection, early end (default: ${DEFAULT-VALUE}).")
    double faultRate;

    @Override
    public Integer call() throws Exception {
        if (faultRate < 0 || faultRate > 1) throw new CommandLine.ParameterException(spec.commandLine(), "--fault-rate must be in [0, 1], got " + faultRate);
        if (outputTokens < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--output-tokens must be >= 0, got " + outputTokens);
        String key = null;
        if (apiKeyEnv != null) {
            key = System.getenv(apiKeyEnv);
            if (key == null || key.isBlank()) throw new sputnik.harness.api.UsageException("--api-key-env names $" + apiKeyEnv + ", which is not set");
        }
        MockServer.Settings s = new MockServer.Settings(ttftMs, tokenDelayMs, outputTokens, !noUsage, model, key, 50);
        Fault[] kinds = {Fault.RATE_LIMIT, Fault.SERVER_ERROR, Fault.STREAM_ERROR, Fault.CUT, Fault.EARLY_END};
        SplittableRandom random = new SplittableRandom(0);
        MockServer.FaultPolicy faults = faultRate == 0 ? null : (r, a) -> {
            synchronized (random) {
                return random.nextDouble() < faultRate ? kinds[random.nextInt(kinds.length)] : Fault.NONE;
            }
        };
        try (MockServer m = MockServer.start(InetAddress.getByName(host), port, s, null, faults, false)) {
            spec.commandLine().getErr().println("sputnik: mock OpenAI server on " + m.baseUrl() + " (model " + model + "); Ctrl-C stops it");
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }
}
