package sputnik.engines.builtin.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.engines.builtin.chat.ChatTemplate;
import sputnik.engines.builtin.engine.Generator;
import sputnik.engines.builtin.engine.LoadedModel;
import sputnik.engines.builtin.engine.NonFiniteLogitsException;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.engine.BatchingOptions;
import sputnik.engines.builtin.engine.ChatTemplateFile;
import sputnik.engines.builtin.engine.RoutingStats;
import sputnik.engines.builtin.engine.WeightOptions;
import sputnik.engines.builtin.engine.Scheduler;
import sputnik.engines.builtin.tensor.Kernels;
import sputnik.engines.builtin.sampling.Sampler;
import sputnik.harness.api.Message;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Generate text from a GGUF model with the built-in CPU engine. The text goes to stdout as it is generated; the speeds "
                + "go to stderr. With --json the last stdout line is {\"tokens\": [...], \"text\": ..., \"prefill_tokens_per_s\": ..., "
                + "\"decode_tokens_per_s\": ...} (also finish_reason and prompt_tokens).",
        footer = {"", "Examples:",
            "  sputnik generate --model DeepSeek-R1-Distill-Qwen-1.5B-Q8_0.gguf --chat --prompt 'What is 17 * 23?' --max-tokens 512",
            "  sputnik generate --model synth.gguf --prompt 'Hello' --max-tokens 64 --ignore-eos --threads 2 --json"})
public final class GenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.gguf", description = "The model (qwen2, qwen3moe or deepseek2).")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt: continued as it is, or with --chat the user's message.")
    String prompt;

    @Option(names = "--chat", description = "Wrap the prompt in the model's chat template (R1-Distill-Qwen, Qwen3, ChatML) as a user turn.")
    boolean chat;

    @Option(names = "--system", paramLabel = "TEXT", description = "With --chat: a system message first.")
    String system;

    @Option(names = "--no-think", description = "With --chat on Qwen3: enable_thinking=false (an empty <think></think> is written for the model).")
    boolean noThink;

    @Option(names = "--chat-template", paramLabel = "FILE", description = "With --chat: render with this Jinja chat template instead of the model's own.")
    java.nio.file.Path chatTemplate;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "256", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "0 = greedy (the default), else sampling temperature.")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Keep the K most probable tokens; 0 = off (default).")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1", description = "Nucleus sampling mass in (0, 1]; 1 = off (default).")
    double topP;

    @Option(names = "--min-p", paramLabel = "P", defaultValue = "0", description = "Drop tokens below P times the top probability; 0 = off (default).")
    double minP;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}); the same seed gives the same text.")
    long seed;

    @Option(names = "--ignore-eos", description = "Do not stop at end-of-generation tokens: always generate --max-tokens tokens.")
    boolean ignoreEos;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: every core).")
    Integer threads;

    @Option(names = "--context", paramLabel = "N", description = "KV cache positions (default: prompt + --max-tokens, at most the model's context_length).")
    Integer context;

    @Option(names = "--json", description = "Print the result as a JSON line last.")
    boolean json;

    @CommandLine.Mixin
    BatchingOptions batching = new BatchingOptions();

    @CommandLine.Mixin
    WeightOptions weights = new WeightOptions();

    @Override
    public Integer call() throws Exception {
        int nThreads = LoadedModel.threads(threads);
        if (maxTokens < 1) throw new UsageException("--max-tokens must be at least 1, got " + maxTokens);
        if (context != null && context < 2) throw new UsageException("--context must be at least 2, got " + context);
        if (!chat && (system != null || noThink || chatTemplate != null)) {
            throw new UsageException((system != null ? "--system" : noThink ? "--no-think" : "--chat-template") + " needs --chat");
        }
        Sampler.Settings sampling;
        try {
            sampling = new Sampler.Settings(temperature, topK, topP, minP);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try (LoadedModel m = LoadedModel.open(model, weights.noRepack())) {
            int[] ids;
            if (chat) {
                ChatTemplate template;
                try {
                    template = (chatTemplate != null ? ChatTemplateFile.read(chatTemplate, m.tokenizer())
                            : ChatTemplate.detect(m.model().file().metadata(), m.tokenizer())).withThinking(!noThink);
                } catch (GgufException e) {
                    throw new UsageException("--chat: " + e.getMessage());
                }
                List<Message> messages = new ArrayList<>();
                if (system != null) messages.add(Message.system(system));
                messages.add(Message.user(prompt));
                ids = template.encode(m.tokenizer(), messages, true);
            } else {
                ids = m.tokenizer().encode(prompt);
            }
            if (ids.length == 0) throw new UsageException("--prompt gives no tokens (an empty prompt, and the vocabulary adds no BOS)");
            int limit = m.model().hyperparameters().contextLength();
            int ctx = context != null ? context : (int) Math.min(limit, (long) ids.length + maxTokens);
            if (ids.length >= ctx) {
                throw new UsageException("the prompt's " + ids.length + " tokens leave no room to generate in a context of " + ctx
                        + (context != null ? " (--context)" : " (the model's context_length)"));
            }
            Scheduler.Config config = batching.config(m.model().hyperparameters(), nThreads, ctx);
            Generator.Result r;
            boolean[] printed = {false};
            long kvPerToken;
            Scheduler.Stats stats;
            try (Scheduler scheduler = new Scheduler(m.model(), m.tokenizer(), config, true)) {
                kvPerToken = scheduler.cache().bytesPerToken();
                r = scheduler.generate(ids, new Generator.Options(maxTokens, ignoreEos, List.of(), sampling, seed), (id, text) -> {
                    out.print(text);
                    out.flush();
                    printed[0] = true;
                });
                stats = scheduler.stats();
            } catch (NonFiniteLogitsException e) {
                if (printed[0]) out.println(); // end the text generated before the logits went wrong
                out.flush();
                throw new UsageException(model + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            out.println();
            double gb = m.model().activeWeightBytesPerToken() / 1e9;
            String decode = r.tokens().length < 2
                    ? String.format(Locale.ROOT, "decode: %d token (the first comes from the prefill; no decode step to time)", r.tokens().length)
                    : String.format(Locale.ROOT, "decode %d tokens at %.2f tokens/s (%.3f GB of weights per token: %.1f GB/s)", r.tokens().length,
                            r.decodeTokensPerSecond(), gb, gb * r.decodeTokensPerSecond());
            err.printf(Locale.ROOT, "sputnik: prefill %d tokens at %.1f tokens/s (in passes of up to %d; after a warm-up pass, so JIT compilation is"
                    + " not counted); %s; %d threads, %s; KV cache %s, %d bytes per token; stopped: %s%nsputnik: %s%n", r.promptTokens(),
                    r.prefillTokensPerSecond(), config.ubatch(), decode, nThreads, Kernels.describe(), config.kvType().name().toLowerCase(Locale.ROOT),
                    kvPerToken, r.finish().wire(), m.model().weightLayout().describe());
            if (stats.moeLayers() > 0) err.println("sputnik: " + RoutingStats.describe(stats));
            err.flush();
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("tokens", r.tokens());
                j.put("text", r.text());
                j.put("prefill_tokens_per_s", finite(r.prefillTokensPerSecond()));
                j.put("decode_tokens_per_s", finite(r.decodeTokensPerSecond()));
                j.put("prompt_tokens", r.promptTokens());
                j.put("finish_reason", r.finish().wire());
                j.put("kv_type", config.kvType().name().toLowerCase(Locale.ROOT));
                j.put("kv_bytes_per_token", kvPerToken);
                j.put("weights", m.model().weightLayout().name());
                if (stats.moeLayers() > 0) j.put("moe", RoutingStats.json(stats));
                out.println(Json.line(j));
            }
            out.flush();
        }
        return 0;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
