package sputnik.engines.builtin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.engines.builtin.engine.LoadedModel;
import sputnik.engines.builtin.engine.WeightOptions;
import sputnik.engines.builtin.engine.NonFiniteLogitsException;
import sputnik.engines.builtin.model.Session;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

@Command(
        name = "logits",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run token ids through a GGUF model with the built-in engine and write the logits at the last position as JSON: "
                + "{\"logits\": [n_vocab floats]} (raw, before any softmax), to compare with llama.cpp's.",
        footer = {"", "Example:", "  sputnik logits --model tiny-qwen3moe-q8_0.gguf --tokens 9707,11,1879,0 --out logits.json"})
public final class LogitsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.gguf", description = "The model (qwen2, qwen3moe or deepseek2).")
    Path model;

    @Option(names = "--tokens", required = true, split = ",", paramLabel = "IDS", description = "Token ids, comma-separated, as given: no BOS is added.")
    List<Integer> tokens;

    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "Where to write {\"logits\": [...]}.")
    Path out;

    @picocli.CommandLine.Mixin
    WeightOptions weights = new WeightOptions();

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: every core).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        int nThreads = LoadedModel.threads(threads);
        if (tokens.isEmpty()) throw new UsageException("--tokens needs at least one token id");
        int[] ids = tokens.stream().mapToInt(Integer::intValue).toArray();
        try (LoadedModel m = LoadedModel.open(model, weights.noRepack()); WorkerPool pool = new WorkerPool(nThreads)) {
            int vocab = m.model().hyperparameters().vocab();
            for (int id : ids) {
                if (id < 0 || id >= vocab) throw new UsageException("--tokens: id " + id + " is outside the vocabulary of " + vocab + " tokens");
            }
            int context = m.model().hyperparameters().contextLength();
            if (ids.length > context) throw new UsageException("--tokens: " + ids.length + " tokens exceed the model's context of " + context);
            Session s = m.model().newSession(pool, ids.length);
            s.prefill(ids, 0, ids.length, true);
            try {
                NonFiniteLogitsException.check(s.logits(), ids.length, 0);
            } catch (NonFiniteLogitsException e) {
                throw new UsageException(model + ": " + e.getMessage() + "; nothing was written to " + out);
            }
            write(out, s.logits());
            PrintWriter o = spec.commandLine().getOut();
            o.println("wrote the " + vocab + " logits after " + ids.length + " tokens to " + out);
            o.flush();
        }
        return 0;
    }

    private static void write(Path out, float[] logits) throws UsageException {
        try {
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Files.writeString(out, Json.line(Map.of("logits", logits)) + "\n");
        } catch (IOException e) {
            throw new UsageException("--out " + out + ": cannot write it (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
