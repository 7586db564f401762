package sputnik.engines.openai.client;

import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;
import sputnik.harness.api.UsageException;

/**
 * The flags that say how to reach an OpenAI-compatible endpoint, shared by {@code run --engine openai}
 * and {@code loadtest}.
 */
public final class EndpointOptions {
    public static final int DEFAULT_RUN_RETRIES = 4;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "openai: the endpoint's base URL, e.g. http://localhost:8000/v1 (/v1 is added when the URL has no path). Give it again"
                    + " for replicas of one model: each request goes to the one with the fewest in flight; one that fails is taken out a while.")
    public java.util.List<String> baseUrl;

    @Option(names = "--base-urls-file", paramLabel = "FILE", description = "openai: replicas' base URLs, one a line (# comments), with or instead of --base-url.")
    public java.nio.file.Path baseUrlsFile;

    @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = "OPENAI_API_KEY",
            description = "openai: environment variable holding the API key, sent as a bearer token; unset = no key (default: ${DEFAULT-VALUE}).")
    public String apiKeyEnv;

    @Option(names = "--api", paramLabel = "chat|completions", defaultValue = "chat",
            description = "openai: chat completions (messages) or text completions (a prompt) (default: ${DEFAULT-VALUE}).")
    public String api;

    @Option(names = "--extra-body", paramLabel = "JSON",
            description = "openai: a JSON object of extra request fields, merged in last (null removes a field), e.g. '{\"min_p\": 0.05}'.")
    public String extraBody;

    @Option(names = "--no-stream", description = "openai: ask for whole responses instead of streams (then only end-to-end time is measured).")
    public boolean noStream;

    @Option(names = "--max-retries", paramLabel = "N",
            description = "openai: retries per request on connect errors, timeouts, cut streams, 408, 409, 429 and 5xx (default: 4 for run; for loadtest 0 for the measured requests, 4 for its calibration).")
    public Integer maxRetries;

    @Option(names = "--retry-backoff-ms", paramLabel = "MS", defaultValue = "500",
            description = "openai: first retry's backoff, doubled each time up to 8 s, with jitter; a server's Retry-After wins (default: ${DEFAULT-VALUE}).")
    public long retryBackoffMs;

    @Option(names = "--requests-per-minute", paramLabel = "RPM",
            description = "openai: start at most this many requests (retries included) per minute, evenly spaced (default: no limit).")
    public Double requestsPerMinute;

    /** Reads the environment; tests replace it. */
    public UnaryOperator<String> env = System::getenv;

    /** The one endpoint, for commands that take one (loadtest). */
    public Endpoint endpoint() throws UsageException {
        java.util.List<Endpoint> all = endpoints();
        if (all.size() > 1) throw new UsageException("give one --base-url here (" + all.size() + " given): replicas are for run");
        return all.getFirst();
    }

    /** Every endpoint given with --base-url and --base-urls-file, in order, each once. */
    public java.util.List<Endpoint> endpoints() throws UsageException {
        java.util.List<String> urls = new java.util.ArrayList<>(baseUrl == null ? java.util.List.of() : baseUrl);
        if (baseUrlsFile != null) {
            try {
                for (String line : java.nio.file.Files.readAllLines(baseUrlsFile)) {
                    String l = line.strip();
                    if (!l.isEmpty() && !l.startsWith("#")) urls.add(l);
                }
            } catch (java.io.IOException e) {
                throw new UsageException("--base-urls-file " + baseUrlsFile + " cannot be read (" + e.getMessage() + ")");
            }
        }
        if (urls.isEmpty()) throw new UsageException("--base-url is required: the endpoint's base URL, e.g. http://localhost:8000/v1");
        java.util.LinkedHashMap<String, Endpoint> out = new java.util.LinkedHashMap<>();
        for (String u : urls) {
            Endpoint e = Endpoint.parse(u);
            out.putIfAbsent(e.base().toString(), e);
        }
        return java.util.List.copyOf(out.values());
    }

    public ApiKind apiKind() throws UsageException {
        return switch (api.toLowerCase(Locale.ROOT)) {
            case "chat" -> ApiKind.CHAT;
            case "completions", "completion" -> ApiKind.COMPLETIONS;
            default -> throw new UsageException("--api must be chat or completions, got '" + api + "'");
        };
    }

    /**
     * The API key, or null when the variable is unset or empty. Naming a variable that is not set is an
     * error unless it is the default one (local servers need no key).
     */
    public String apiKey() throws UsageException {
        if (apiKeyEnv == null || apiKeyEnv.isBlank()) return null;
        String key = env.apply(apiKeyEnv);
        if (key != null && !key.isBlank()) return key.strip();
        if (!apiKeyEnv.equals("OPENAI_API_KEY")) {
            throw new UsageException("--api-key-env names $" + apiKeyEnv + ", which is not set: export " + apiKeyEnv + "=... first");
        }
        return null;
    }

    public Retrying retrying(EndpointClient client, int defaultRetries) throws UsageException {
        return retrying(new Replicas(java.util.List.of(client)), defaultRetries);
    }

    public Retrying retrying(Replicas replicas, int defaultRetries) throws UsageException {
        int retries = maxRetries != null ? maxRetries : defaultRetries;
        if (retries < 0) throw new UsageException("--max-retries must be >= 0, got " + retries);
        if (retryBackoffMs < 0) throw new UsageException("--retry-backoff-ms must be >= 0, got " + retryBackoffMs);
        RateLimiter limiter = null;
        if (requestsPerMinute != null) {
            if (!(requestsPerMinute > 0)) throw new UsageException("--requests-per-minute must be > 0, got " + requestsPerMinute);
            limiter = new RateLimiter(requestsPerMinute);
        }
        return new Retrying(replicas, retries, Duration.ofMillis(retryBackoffMs), limiter);
    }
}
