package sputnik.engines.builtin.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sputnik.engines.builtin.chat.ChatTemplate;
import sputnik.engines.builtin.tensor.Kernels;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineContext;
import sputnik.harness.api.EngineProvider;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Hashing;

/** {@code --engine builtin --model F.gguf}: the pure-Java CPU engine. Its flags are bound by the CLI (see EngineProvider). */
public final class BuiltinEngineProvider implements EngineProvider {
    @Option(names = "--threads", paramLabel = "N", description = "builtin: threads for the model's matrix products (default: every core).")
    Integer threads;

    @Option(names = "--context", paramLabel = "N",
            description = "builtin: KV cache positions of one sequence, prompt included (default: the model's context_length); a generation that"
                    + " fills it ends as finish_reason length. Pages are taken as it is used: 2 x layers x KV heads x head size x 2 bytes"
                    + " per position (f16).")
    Integer context;

    @Option(names = "--min-p", paramLabel = "P", defaultValue = "0", description = "builtin: min-p sampling, 0 = off (default: ${DEFAULT-VALUE}).")
    double minP;

    @Option(names = "--no-think", description = "builtin: Qwen3 chat prompts with enable_thinking=false.")
    boolean noThink;

    @Option(names = "--chat-template", paramLabel = "FILE",
            description = "builtin: render chat prompts with this Jinja chat template instead of the model's own.")
    Path chatTemplate;

    @Mixin
    BatchingOptions batching = new BatchingOptions();

    @Mixin
    WeightOptions weights = new WeightOptions();


    private Path file;
    private String sha256;
    private int resolvedContext;
    private Scheduler.Config scheduler;
    private String layout; // repacked or mapped: speed only, the logits are the same

    @Override
    public String name() {
        return "builtin";
    }

    @Override
    public String description() {
        return "the built-in pure-Java CPU engine on a GGUF file (--model F.gguf): qwen2 (R1-Distill-Qwen), qwen3moe (Qwen3-30B-A3B), deepseek2 (DeepSeek-V3/R1)";
    }

    /**
     * What decides the answers besides sampling: the model file (name, size, SHA-256, computed once per file version and
     * cached), the context limit, min-p, thinking, and the kernel path (vector or scalar kernels differ in the last bits).
     */
    @Override
    public Map<String, Object> config(EngineContext context) {
        Map<String, Object> m = new LinkedHashMap<>();
        Path f = file != null ? file : context.model() != null ? Path.of(context.model()) : null;
        m.put("model_file", f == null ? null : String.valueOf(f.getFileName()));
        try {
            m.put("model_bytes", f == null ? null : Files.size(f));
        } catch (IOException e) {
            m.put("model_bytes", null);
        }
        m.put("model_sha256", sha256);
        m.put("context", resolvedContext > 0 ? resolvedContext : this.context);
        m.put("min_p", minP);
        m.put("thinking", !noThink);
        if (chatTemplate != null) m.put("chat_template_sha256", chatTemplateSha256()); // absent: the model's own template (as in older runs)
        m.put("kernels", Kernels.vector() ? "vector" : "scalar");
        m.put("kv_type", batching.kvType()); // f16 keys and values round differently from f32
        return m;
    }

    /**
     * Where it ran, not compared on resume: the model's path, the thread count, the kernels' vector width, the batching
     * and the weight layout (which change speed, never results).
     */
    @Override
    public Map<String, Object> environment(EngineContext context) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_path", file == null ? null : file.toAbsolutePath().toString());
        m.put("threads", threads != null ? threads : sputnik.engines.builtin.parallel.WorkerPool.defaultThreads());
        m.put("kernels", Kernels.describe());
        if (scheduler != null) {
            m.put("max_batch", scheduler.maxBatch());
            m.put("ubatch", scheduler.ubatch());
            m.put("kv_memory_bytes", scheduler.kvBytes());
            m.put("prefix_cache", scheduler.prefixSharing());
        }
        if (layout != null) m.put("weights", layout);
        return m;
    }

    private String chatTemplateSha256() {
        try {
            return Hashing.sha256(chatTemplate);
        } catch (IOException e) {
            return null; // open() reports an unreadable file
        }
    }

    @Override
    public Engine open(EngineContext ctx) throws UsageException, IOException {
        if (ctx.model() == null) throw new UsageException("--engine builtin needs --model FILE.gguf (a qwen2, qwen3moe or deepseek2 GGUF model)");
        int nThreads = LoadedModel.threads(threads);
        if (context != null && context < 2) throw new UsageException("--context must be at least 2, got " + context);
        if (!(minP >= 0 && minP <= 1)) throw new UsageException("--min-p must be in [0, 1], got " + minP);
        file = Path.of(ctx.model());
        LoadedModel m = LoadedModel.open(file, weights.noRepack());
        try {
            int limit = m.model().hyperparameters().contextLength();
            resolvedContext = context != null ? context : limit;
            sha256 = new ModelHashes(ModelHashes.defaultDir()).sha256(file);
            scheduler = batching.config(m.model().hyperparameters(), nThreads, resolvedContext);
            layout = m.model().weightLayout().name();
            ChatTemplate template = chatTemplate == null ? null : ChatTemplateFile.read(chatTemplate, m.tokenizer());
            return new BuiltinEngine(m, scheduler, minP, !noThink, String.valueOf(file.getFileName()), template);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }
}
