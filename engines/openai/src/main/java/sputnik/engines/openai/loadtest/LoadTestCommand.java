package sputnik.engines.openai.loadtest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sputnik.engines.openai.client.ApiKind;
import sputnik.engines.openai.client.Endpoint;
import sputnik.engines.openai.client.EndpointClient;
import sputnik.engines.openai.client.EndpointOptions;
import sputnik.engines.openai.client.Generation;
import sputnik.engines.openai.client.Preflight;
import sputnik.engines.openai.client.RequestBodies;
import sputnik.engines.openai.client.Retrying;
import sputnik.engines.openai.mock.MockServer;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Suite;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.Distribution;
import sputnik.harness.plugin.Environment;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.util.AtomicFiles;
import sputnik.harness.util.Json;

@Command(
        name = "loadtest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Load-test an OpenAI-compatible endpoint, like vLLM's 'bench serve': send a set of prompts at each point of a sweep over",
            "--concurrency and/or --request-rate (Poisson arrivals; inf = all at once) and report request and token throughput,",
            "TTFT, TPOT, ITL and end-to-end latency (mean, p50, p90, p99), goodput under --slo, errors, and $ per 1M output tokens.",
            "Writes loadtest.json, loadtest.csv and requests.jsonl into the output directory."
        },
        footer = {
            "",
            "Examples:",
            "  sputnik loadtest --base-url http://localhost:8000/v1 --input-len 1024 --output-len 128 --concurrency 1,4,16,64 --slo ttft:500,tpot:50",
            "  sputnik loadtest --base-url http://localhost:8000/v1 --suite aime2024 --request-rate 1,4,inf --usd-per-hour 2.5",
            "  sputnik loadtest --mock-server --num-prompts 2000 --concurrency 16   (the client's own overhead, no model)"
        })
public final class LoadTestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Option(names = "--model", paramLabel = "NAME", description = "Served model name (default: the server's, when it serves one).")
    String model;

    @Mixin
    SuiteOptions suite;

    @Option(names = "--input-len", paramLabel = "TOKENS", defaultValue = "1024",
            description = "Random prompts (no --suite): input tokens per prompt, sized from the server's token counts (default: ${DEFAULT-VALUE}).")
    int inputLen;

    @Option(names = "--output-len", paramLabel = "TOKENS", defaultValue = "128", description = "Output tokens per request: max_tokens (default: ${DEFAULT-VALUE}).")
    int outputLen;

    @Option(names = "--ignore-eos", paramLabel = "auto|on|off", defaultValue = "auto",
            description = "Send ignore_eos so every request makes exactly --output-len tokens; auto drops it if the server refuses it (default: ${DEFAULT-VALUE}).")
    String ignoreEos;

    @Option(names = "--num-prompts", paramLabel = "N", defaultValue = "200", description = "Measured requests per sweep point (default: ${DEFAULT-VALUE}).")
    int numPrompts;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Unmeasured requests sent one by one before the sweep (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--concurrency", paramLabel = "LIST", split = ",",
            description = "Sweep: requests in flight at most, e.g. 1,4,16,64 (default: no limit).")
    List<Integer> concurrency;

    @Option(names = "--request-rate", paramLabel = "LIST", split = ",",
            description = "Sweep: arrival rates in requests/s with Poisson gaps, inf = all at once, e.g. 1,4,inf (default: inf).")
    List<String> requestRate;

    @Option(names = "--slo", paramLabel = "SPEC", description = "Objectives for goodput, e.g. ttft:500,tpot:50 (ms; also e2e).")
    String slo;

    @Option(names = "--usd-per-hour", paramLabel = "USD", description = "What the endpoint costs per hour: adds $ per 1M output tokens.")
    Double usdPerHour;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0", description = "Seed of the random prompts, arrival times and request seeds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600", description = "Per-request time limit (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/loadtest-<model>-<time>).")
    Path out;

    @Option(names = "--mock-server", description = "Start Sputnik's built-in mock server and test against it (measures the client, not a model).")
    boolean mockServer;

    @Option(names = "--mock-ttft-ms", paramLabel = "MS", defaultValue = "0", description = "With --mock-server: its time to first token (default: ${DEFAULT-VALUE}).")
    double mockTtftMs;

    @Option(names = "--mock-token-delay-ms", paramLabel = "MS", defaultValue = "0",
            description = "With --mock-server: its time between tokens (default: ${DEFAULT-VALUE}).")
    double mockTokenDelayMs;

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        if (numPrompts < 1) throw bad("--num-prompts must be at least 1, got " + numPrompts);
        if (outputLen < 1) throw bad("--output-len must be at least 1, got " + outputLen);
        if (inputLen < 2) throw bad("--input-len must be at least 2, got " + inputLen);
        if (warmup < 0) throw bad("--warmup must be >= 0, got " + warmup);
        if (timeoutSeconds < 1) throw bad("--timeout must be at least 1, got " + timeoutSeconds);
        if (usdPerHour != null && !(usdPerHour > 0)) throw bad("--usd-per-hour must be > 0, got " + usdPerHour);
        if (mockServer && endpoint.baseUrl != null) throw bad("--mock-server and --base-url are exclusive: the mock server is the endpoint");
        String eos = ignoreEos.toLowerCase(Locale.ROOT);
        if (!List.of("auto", "on", "off").contains(eos)) throw bad("--ignore-eos must be auto, on or off, got '" + ignoreEos + "'");
        List<LoadTest.Point> points = points();
        Slo objectives = Slo.parse(slo);

        MockServer mock = null;
        if (mockServer) {
            mock = MockServer.start(MockServer.Settings.defaults().withTiming(mockTtftMs, mockTokenDelayMs));
            endpoint.baseUrl = java.util.List.of(mock.baseUrl().toString());
            err().println("sputnik: mock server on " + mock.baseUrl() + " (ttft " + number(mockTtftMs) + " ms, " + number(mockTokenDelayMs)
                    + " ms per token)");
        }
        Endpoint e = endpoint.endpoint();
        ApiKind api = endpoint.apiKind();
        ObjectNode extra = RequestBodies.parseExtra(endpoint.extraBody);
        String key = endpoint.apiKey();
        Suite s = suite.suite() == null ? null : suite.load(suite.suite(), null);
        try (EndpointClient client = new EndpointClient(e, api, key, Duration.ofSeconds(timeoutSeconds))) {
            Retrying retrying = endpoint.retrying(client, 0);
            // The calibration requests are not measured, so retrying them hides nothing, and the sweep cannot start
            // without them: by default they are retried as run retries (4 times), --max-retries when it is given.
            Retrying calibration = endpoint.maxRetries != null ? retrying : retrying.withMaxRetries(EndpointOptions.DEFAULT_RUN_RETRIES);
            String served = Preflight.check(client, model, endpoint.apiKeyEnv, key != null, err()::println);
            LoadTest lt = new LoadTest(retrying, calibration, new RequestBodies(api, served, extra), !endpoint.noStream, outputLen,
                    !eos.equals("off"), temperature, seed);
            return sweep(lt, client, served, s, api, points, objectives, eos);
        } finally {
            if (mock != null) mock.close();
        }
    }

    List<LoadTest.Point> points() {
        List<Integer> cs = new ArrayList<>();
        if (concurrency != null) {
            for (Integer c : concurrency) {
                if (c == null || c < 1) throw bad("--concurrency values must be at least 1, got " + c);
                cs.add(c);
            }
        }
        List<Double> rates = new ArrayList<>();
        if (requestRate != null) {
            for (String r : requestRate) {
                String v = r.strip().toLowerCase(Locale.ROOT);
                double d;
                if (v.equals("inf")) d = Double.POSITIVE_INFINITY;
                else {
                    try {
                        d = Double.parseDouble(v);
                    } catch (NumberFormatException ex) {
                        throw bad("--request-rate values are requests/s or inf, got '" + r + "'");
                    }
                    if (!(d > 0) || Double.isInfinite(d)) throw bad("--request-rate values must be > 0 (or inf), got '" + r + "'");
                }
                rates.add(d);
            }
        }
        if (rates.isEmpty()) rates.add(Double.POSITIVE_INFINITY);
        List<LoadTest.Point> points = new ArrayList<>();
        if (cs.isEmpty()) for (double r : rates) points.add(new LoadTest.Point(null, r));
        else for (int c : cs) for (double r : rates) points.add(new LoadTest.Point(c, r));
        return points;
    }

    private Integer sweep(LoadTest lt, EndpointClient client, String served, Suite s, ApiKind api, List<LoadTest.Point> points, Slo objectives,
            String eos) throws IOException, InterruptedException, UsageException {
        Path dir = out != null ? out : Path.of("runs", "loadtest-" + served.replaceAll("[^A-Za-z0-9._-]+", "_") + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        prepare(dir);
        Map<String, Object> calibration = new LinkedHashMap<>();
        int words = inputLen;
        List<Problem> problems = s == null ? null : s.problems();
        // Calibration (random prompts) and the ignore_eos probe: unmeasured requests with max_tokens 1.
        if (problems == null) {
            int w1 = Math.max(1, inputLen / 2);
            Generation g1 = probe(lt, Prompt.user(LoadPrompts.randomText(w1, seed, 0, 0)), api, eos, calibration);
            Generation g2 = probe(lt, Prompt.user(LoadPrompts.randomText(inputLen, seed, 0, 1)), api, eos, calibration);
            if (g1.tokensEstimated() || g2.tokensEstimated()) {
                calibration.put("note", "the server sent no usage: prompts are " + inputLen + " words, not sized to tokens");
            } else {
                words = LoadPrompts.wordsFor(inputLen, w1, g1.promptTokens(), inputLen, g2.promptTokens());
                calibration.put("calibration_words", List.of(w1, inputLen));
                calibration.put("calibration_prompt_tokens", List.of(g1.promptTokens(), g2.promptTokens()));
            }
            calibration.put("words_per_prompt", words);
        } else {
            probe(lt, problems.getFirst().prompt(), api, eos, calibration);
        }
        calibration.put("ignore_eos", lt.ignoreEos);
        for (int i = 0; i < warmup; i++) {
            Prompt p = problems == null ? promptFor(api, LoadPrompts.randomText(words, seed, 0, 2 + i)) : problems.get(i % problems.size()).prompt();
            LoadRequest r = lt.one(-1 - i, p, outputLen, System.nanoTime());
            if (!r.ok()) err().println("sputnik: warm-up request " + (i + 1) + " failed: " + r.error());
        }

        Map<String, Object> config = config(client, served, s, points, objectives, calibration);
        List<LoadMetrics> results = new ArrayList<>();
        List<String> requestLines = new ArrayList<>();
        for (int pi = 0; pi < points.size(); pi++) {
            LoadTest.Point p = points.get(pi);
            List<Prompt> prompts = problems == null ? randomPrompts(words, pi + 1, api) : LoadPrompts.suite(problems, numPrompts);
            err().println("sputnik: point " + (pi + 1) + "/" + points.size() + ": " + p.label() + ", " + numPrompts + " requests");
            List<LoadRequest> rs = lt.run(p, prompts, seed * 31 + pi);
            LoadMetrics m = LoadMetrics.of(p.concurrency(), p.rateLabel(), rs, objectives, usdPerHour);
            results.add(m);
            for (LoadRequest r : rs) {
                ObjectNode line = Json.MAPPER.valueToTree(r);
                ObjectNode withPoint = Json.MAPPER.createObjectNode().put("point", pi);
                withPoint.setAll(line);
                requestLines.add(Json.line(withPoint));
            }
            write(dir, config, results, requestLines);
            err().println("sputnik:   " + m.completed() + " ok, " + m.failed() + " failed" + (m.errors().isEmpty() ? "" : " " + m.errors())
                    + ", " + number(m.requestThroughput()) + " req/s, " + number(m.outputThroughput()) + " output tok/s");
        }
        PrintWriter o = spec.commandLine().getOut();
        o.print(table(results, served, client.endpoint().display()));
        o.flush();
        err().println("sputnik: wrote loadtest.json, loadtest.csv and requests.jsonl in " + dir);
        boolean anyFailed = results.stream().anyMatch(m -> m.completed() == 0);
        return anyFailed ? 1 : 0;
    }

    private static Prompt promptFor(ApiKind api, String text) {
        return api == ApiKind.CHAT ? Prompt.user(text) : Prompt.text(text);
    }

    private List<Prompt> randomPrompts(int words, int stream, ApiKind api) {
        return LoadPrompts.random(numPrompts, words, seed, stream, api);
    }

    /**
     * An unmeasured request with max_tokens 1, retried on transient failures ({@link LoadTest#calibration()}); the
     * attempts it took go into {@code calibration}. The first one also settles {@code --ignore-eos auto}: a server
     * that refuses the field (HTTP 400/422) is asked again without it, and the sweep goes on without.
     */
    private Generation probe(LoadTest lt, Prompt p, ApiKind api, String eos, Map<String, Object> calibration)
            throws InterruptedException, UsageException {
        Prompt prompt = p instanceof Prompt.Text t && api == ApiKind.CHAT ? Prompt.user(t.text()) : p;
        try {
            return retryingProbe(lt, prompt, calibration);
        } catch (Retrying.Failed f) {
            if (lt.ignoreEos && eos.equals("auto") && (f.kind().equals("http 400") || f.kind().equals("http 422"))) {
                lt.ignoreEos = false;
                Generation g;
                try {
                    g = retryingProbe(lt, prompt, calibration);
                } catch (Retrying.Failed again) {
                    // refused without ignore_eos too: the first refusal was about something else, and says what
                    throw new UsageException("the first request failed: " + f.getMessage());
                }
                err().println("sputnik: the server refused ignore_eos (" + f.kind() + "); output lengths are not fixed (--ignore-eos off)");
                calibration.put("ignore_eos_refused", f.getMessage());
                return g;
            }
            throw new UsageException("the first request failed: " + f.getMessage());
        }
    }

    private Generation retryingProbe(LoadTest lt, Prompt p, Map<String, Object> calibration) throws Retrying.Failed, InterruptedException {
        ObjectNode body = lt.body(p, 1, -1000, lt.ignoreEos);
        Retrying.Outcome o = lt.calibration().call(body, lt.stream(), RequestBodies.promptChars(p));
        @SuppressWarnings("unchecked")
        List<Integer> attempts = (List<Integer>) calibration.computeIfAbsent("attempts", k -> new ArrayList<Integer>());
        attempts.add(o.attempts());
        if (o.attempts() > 1) err().println("sputnik: calibration request " + attempts.size() + " succeeded after " + o.attempts() + " attempts");
        return o.generation();
    }

    private Map<String, Object> config(EndpointClient client, String served, Suite s, List<LoadTest.Point> points, Slo objectives,
            Map<String, Object> calibration) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("base_url", mockServer ? "built-in mock server (" + client.endpoint().display() + ")" : client.endpoint().display());
        c.put("model", served);
        c.put("api", client.api().wire());
        c.put("stream", !endpoint.noStream);
        c.put("dataset", s == null ? "random" : s.name());
        if (s == null) c.put("input_len", inputLen);
        c.put("output_len", outputLen);
        c.put("num_prompts", numPrompts);
        c.put("warmup", warmup);
        c.put("temperature", temperature);
        c.put("seed", seed);
        c.put("timeout_s", timeoutSeconds);
        c.put("max_retries", endpoint.maxRetries == null ? 0 : endpoint.maxRetries);
        c.put("extra_body", Json.MAPPER.convertValue(endpointExtra(), Map.class));
        c.put("points", points.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("concurrency", p.concurrency());
            m.put("request_rate", p.rateLabel());
            return m;
        }).toList());
        c.put("slo", objectives == null ? null : objectives.describe());
        c.put("usd_per_hour", usdPerHour);
        c.put("calibration", calibration);
        if (mockServer) c.put("mock", Map.of("ttft_ms", mockTtftMs, "token_delay_ms", mockTokenDelayMs));
        return c;
    }

    private ObjectNode endpointExtra() {
        try {
            return RequestBodies.parseExtra(endpoint.extraBody);
        } catch (UsageException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private void prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve("loadtest.json"))) {
            Path prev = dir.resolve("previous").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
            Files.createDirectories(prev);
            for (String f : List.of("loadtest.json", "loadtest.csv", "requests.jsonl")) {
                if (Files.exists(dir.resolve(f))) Files.move(dir.resolve(f), prev.resolve(f));
            }
            err().println("sputnik: moved the earlier load test's files in " + dir + " to " + prev);
        }
    }

    static final Map<String, String> DEFINITIONS = definitions();

    private static Map<String, String> definitions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("duration_s", "from the point's first request being sent to its last answer's end");
        d.put("request_throughput", "completed requests / duration");
        d.put("output_throughput", "output tokens of completed requests / duration (tokens/s)");
        d.put("total_token_throughput", "(input + output tokens of completed requests) / duration (tokens/s)");
        d.put("ttft_ms", "time from sending a request to its first streamed token, reasoning included");
        d.put("ttft_answer_ms", "time from sending a request to the first token of the answer, after any reasoning");
        d.put("tpot_ms", "per request, (e2e - ttft) / (output tokens - 1); requests with one output token have none");
        d.put("itl_ms", "every gap between successive streamed chunks that carried text, over all requests");
        d.put("e2e_ms", "time from sending a request to the end of its answer");
        d.put("goodput", "requests that met every --slo objective (ttft, tpot, e2e at most the given ms) / duration");
        d.put("usd_per_1m_output_tokens", "--usd-per-hour / (output_throughput * 3600 / 1e6)");
        d.put("tokens", "from the server's usage; tokens_estimated marks points where a server sent none (then one token per chunk)");
        d.put("percentiles", "interpolated linearly between closest ranks, as numpy.percentile's default");
        return d;
    }

    private void write(Path dir, Map<String, Object> config, List<LoadMetrics> results, List<String> requestLines) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("config", config);
        Map<String, Object> env = Environment.describe();
        env.put("client", "java.net.http.HttpClient (" + (config.get("base_url").toString().contains("https://") ? "HTTP/2" : "HTTP/1.1") + ")");
        doc.put("environment", env);
        doc.put("points", results);
        doc.put("definitions", DEFINITIONS);
        AtomicFiles.write(dir.resolve("loadtest.json"), Json.pretty(doc));
        AtomicFiles.write(dir.resolve("loadtest.csv"), csv(results));
        AtomicFiles.write(dir.resolve("requests.jsonl"), String.join("\n", requestLines) + (requestLines.isEmpty() ? "" : "\n"));
    }

    static final String[] STATS = {"mean", "p50", "p90", "p99"};

    static String csv(List<LoadMetrics> results) {
        List<String> head = new ArrayList<>(List.of("concurrency", "request_rate", "requests", "completed", "failed", "errors", "duration_s",
                "request_throughput", "output_throughput", "total_token_throughput", "mean_input_tokens", "mean_output_tokens",
                "tokens_estimated", "max_in_flight"));
        for (String metric : List.of("ttft_ms", "ttft_answer_ms", "tpot_ms", "itl_ms", "e2e_ms")) for (String st : STATS) head.add(metric + "_" + st);
        head.addAll(List.of("goodput_requests_per_s", "goodput_fraction", "usd_per_1m_output_tokens"));
        StringBuilder b = new StringBuilder(String.join(",", head)).append('\n');
        for (LoadMetrics m : results) {
            List<String> row = new ArrayList<>();
            row.add(m.concurrency() == null ? "" : m.concurrency().toString());
            row.add(m.requestRate());
            row.add(Integer.toString(m.requests()));
            row.add(Integer.toString(m.completed()));
            row.add(Integer.toString(m.failed()));
            row.add("\"" + String.join(";", m.errors().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList()) + "\"");
            Stream.of(m.durationS(), m.requestThroughput(), m.outputThroughput(), m.totalTokenThroughput(), m.meanInputTokens(),
                    m.meanOutputTokens()).forEach(v -> row.add(Double.toString(v)));
            row.add(Boolean.toString(m.tokensEstimated()));
            row.add(Integer.toString(m.maxInFlight()));
            for (Distribution d : new Distribution[] {m.ttftMs(), m.ttftAnswerMs(), m.tpotMs(), m.itlMs(), m.e2eMs()}) {
                if (d == null) for (int i = 0; i < STATS.length; i++) row.add("");
                else for (double v : new double[] {d.mean(), d.p50(), d.p90(), d.p99()}) row.add(Double.toString(v));
            }
            row.add(m.goodput() == null ? "" : Double.toString(m.goodput().requestsPerS()));
            row.add(m.goodput() == null ? "" : Double.toString(m.goodput().fraction()));
            row.add(m.usdPer1mOutputTokens() == null ? "" : Double.toString(m.usdPer1mOutputTokens()));
            b.append(String.join(",", row)).append('\n');
        }
        return b.toString();
    }

    static String table(List<LoadMetrics> results, String model, String url) {
        StringBuilder b = new StringBuilder();
        b.append("Load test of ").append(model).append(" at ").append(url).append("\n\n");
        b.append(String.format(Locale.ROOT, "%-11s %-6s %9s %8s %10s %20s %20s %20s %20s %10s %10s%n", "concurrency", "rate", "ok/failed",
                "req/s", "out tok/s", "TTFT ms mean/p50/p99", "TPOT ms mean/p50/p99", "ITL ms mean/p50/p99", "E2E ms mean/p50/p99",
                "goodput/s", "$/1M out"));
        for (LoadMetrics m : results) {
            b.append(String.format(Locale.ROOT, "%-11s %-6s %9s %8s %10s %20s %20s %20s %20s %10s %10s%n",
                    m.concurrency() == null ? "-" : m.concurrency(), m.requestRate(), m.completed() + "/" + m.failed(),
                    number(m.requestThroughput()), number(m.outputThroughput()), triple(m.ttftMs()), triple(m.tpotMs()), triple(m.itlMs()),
                    triple(m.e2eMs()), m.goodput() == null ? "-" : number(m.goodput().requestsPerS()),
                    m.usdPer1mOutputTokens() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.usdPer1mOutputTokens())));
        }
        return b.toString();
    }

    private static String triple(Distribution d) {
        return d == null ? "-" : number(d.mean()) + "/" + number(d.p50()) + "/" + number(d.p99());
    }

    /** A figure for people: 3 significant digits at least, no exponent. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }
}
