package sputnik.engines.builtin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.engines.builtin.architectures.DeepSeek2Synthesizer;
import sputnik.engines.builtin.architectures.Synthesizer;
import sputnik.engines.builtin.architectures.Synthesizer.Shape;
import sputnik.engines.builtin.engine.LoadedModel;
import sputnik.engines.builtin.engine.ModelFiles;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.model.qwen2.Qwen2;
import sputnik.engines.builtin.model.qwen3moe.Qwen3Moe;
import sputnik.harness.api.UsageException;

@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Write a random-weight GGUF model of a real shape, for throughput work without downloading weights: the tensors and "
                + "metadata llama.cpp expects for the architecture, a real tokenizer copied from another GGUF, valid random blocks of "
                + "--type for every matrix (norms 1, router and biases F32). The output is gibberish by design.",
        footer = {"", "Shapes: qwen3-30b-a3b, qwen3-235b-a22b, tiny-qwen3moe (qwen3moe); r1-distill-qwen-1.5b, -7b, -14b, -32b, tiny-qwen2 (qwen2);",
            "deepseek-v3, deepseek-v2-lite, tiny-deepseek2 (deepseek2: MLA, shared experts, group-limited routing, YaRN).",
            "Any value of a qwen shape can be overridden by its flag; a deepseek2 shape is scaled by --layers, --experts, --experts-used, --expert-ff.",
            "", "Examples:",
            "  sputnik synth --arch deepseek2 --shape deepseek-v3 --layers 4 --experts 32 --type q8_0 --out dsv3.gguf",
            "  sputnik synth --arch qwen3moe --shape qwen3-30b-a3b --layers 8 --experts 64 --expert-ff 512 --type q8_0 --out moe.gguf",
            "  sputnik synth --arch qwen2 --shape r1-distill-qwen-1.5b --type q4_k --out r1-1.5b-random.gguf"})
public final class SynthCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", required = true, paramLabel = "qwen3moe|qwen2|deepseek2", description = "The architecture.")
    String arch;

    @Option(names = "--shape", paramLabel = "NAME", description = "A named model shape (listed below; default: tiny-<arch>).")
    String shape;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "q8_0",
            description = "Type of the matrices: f32, f16, bf16, q8_0, q4_0, q4_k, q6_k (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--out", required = true, paramLabel = "FILE.gguf", description = "The file to write (replaced when it exists).")
    Path out;

    @Option(names = "--vocab-from", paramLabel = "FILE.gguf",
            description = "Copy the tokenizer from this GGUF (default: ../shared/models/tiny-<arch>-q8_0.gguf: Qwen3's vocabulary for qwen3moe,"
                    + " R1-Distill-Qwen's for qwen2; tiny-deepseek2-yarn-q8_0.gguf, deepseek-llm's, for deepseek2).")
    Path vocabFrom;

    @Option(names = "--layers", paramLabel = "N", description = "Layers (block_count).")
    Integer layers;

    @Option(names = "--n-embd", paramLabel = "N", description = "Embedding size.")
    Integer embd;

    @Option(names = "--heads", paramLabel = "N", description = "Query heads.")
    Integer heads;

    @Option(names = "--kv-heads", paramLabel = "N", description = "KV heads.")
    Integer kvHeads;

    @Option(names = "--head-dim", paramLabel = "N", description = "Head size (key_length = value_length).")
    Integer headDim;

    @Option(names = "--ff", paramLabel = "N", description = "Dense FFN size (feed_forward_length).")
    Integer ff;

    @Option(names = "--experts", paramLabel = "N", description = "qwen3moe: experts per layer.")
    Integer experts;

    @Option(names = "--experts-used", paramLabel = "N", description = "qwen3moe: experts selected per token.")
    Integer expertsUsed;

    @Option(names = "--expert-ff", paramLabel = "N", description = "qwen3moe: each expert's FFN size.")
    Integer expertFf;

    @Option(names = "--context-length", paramLabel = "N", description = "context_length written in the metadata.")
    Integer contextLength;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads generating weights (default: every core).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (!arch.equals(Qwen3Moe.ARCH) && !arch.equals(Qwen2.ARCH) && !arch.equals(DeepSeek2Synthesizer.ARCH)) {
            throw new UsageException("--arch " + arch + ": synth writes qwen3moe, qwen2 or deepseek2");
        }
        int nThreads = LoadedModel.threads(threads);
        GgmlType t = parseType(type);
        if (arch.equals(DeepSeek2Synthesizer.ARCH)) return deepseek2(t, nThreads);
        String name = shape != null ? shape : "tiny-" + arch;
        Shape base = Synthesizer.SHAPES.get(name.toLowerCase(Locale.ROOT));
        if (base == null) throw new UsageException("--shape " + shape + " is not one of " + String.join(", ", Synthesizer.SHAPES.keySet()));
        if (!base.arch().equals(arch)) throw new UsageException("--shape " + name + " is a " + base.arch() + " shape, not " + arch);
        Shape s = new Shape(arch, or(layers, base.layers()), or(embd, base.embd()), or(heads, base.heads()), or(kvHeads, base.kvHeads()),
                or(headDim, base.headDim()), or(ff, base.ff()), or(experts, base.experts()), or(expertsUsed, base.expertsUsed()),
                or(expertFf, base.expertFf()), base.ropeBase(), base.rmsEps(), or(contextLength, base.contextLength()));
        String problem = s.problem(t);
        if (problem != null) throw new UsageException("synth: " + problem);
        Path vocab = vocabFrom != null ? vocabFrom : defaultVocab(arch);
        PrintWriter o = spec.commandLine().getOut();
        long start = System.nanoTime();
        long bytes = writeWith(vocab, v -> Synthesizer.write(s, t, v, seed, nThreads, out));
        double seconds = (System.nanoTime() - start) / 1e9;
        o.printf(Locale.ROOT, "wrote %s: %s, %d layers, n_embd %d, %d heads / %d KV heads of %d, %s, %s, vocabulary of %s; %.2f GB in %.1f s%n", out, arch,
                s.layers(), s.embd(), s.heads(), s.kvHeads(), s.headDim(),
                arch.equals(Qwen3Moe.ARCH) ? s.experts() + " experts (top " + s.expertsUsed() + ") of " + s.expertFf() : "FFN " + s.ff(), t,
                vocab.getFileName(), bytes / 1e9, seconds);
        o.flush();
        return 0;
    }

    /** {@code --arch deepseek2}: a named shape scaled by --layers, --experts, --experts-used, --expert-ff and --context-length. */
    private int deepseek2(GgmlType t, int nThreads) throws UsageException {
        if (embd != null || heads != null || kvHeads != null || headDim != null || ff != null) {
            throw new UsageException("--n-embd, --heads, --kv-heads, --head-dim and --ff are for qwen2 and qwen3moe; a deepseek2 shape is scaled by --layers,"
                    + " --experts, --experts-used, --expert-ff and --context-length");
        }
        String name = shape != null ? shape : "tiny-deepseek2";
        DeepSeek2Synthesizer.Shape base = DeepSeek2Synthesizer.SHAPES.get(name.toLowerCase(Locale.ROOT));
        if (base == null) throw new UsageException("--shape " + shape + " is not one of " + String.join(", ", DeepSeek2Synthesizer.SHAPES.keySet()));
        DeepSeek2Synthesizer.Shape s = base.with(layers, experts, expertsUsed, expertFf, contextLength);
        String problem = s.problem(t);
        if (problem != null) throw new UsageException("synth: " + problem);
        Path vocab = vocabFrom != null ? vocabFrom : defaultVocab(arch);
        long start = System.nanoTime();
        long bytes = writeWith(vocab, v -> DeepSeek2Synthesizer.write(s, t, v, seed, nThreads, out));
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "wrote %s: deepseek2, %d layers (%d dense), n_embd %d, %d heads, MLA q_lora %d kv_lora %d rope %d nope %d v %d, %d experts"
                + " (top %d, %d groups of which %d) of %d + %d shared, %s, vocabulary of %s; %.2f GB in %.1f s%n", out, s.layers(), s.leadingDense(),
                s.embd(), s.heads(), s.qLora(), s.kvLora(), s.ropeDim(), s.nopeDim(), s.vDim(), s.experts(), s.expertsUsed(), s.groups(), s.groupsUsed(),
                s.expertFf(), s.sharedExperts(), t, vocab.getFileName(), bytes / 1e9, (System.nanoTime() - start) / 1e9);
        o.flush();
        return 0;
    }

    @FunctionalInterface
    private interface Writer {
        long write(sputnik.engines.builtin.gguf.GgufMetadata vocab) throws IOException;
    }

    /** Opens the vocabulary file and runs {@code writer}; every problem is a one-line usage error. */
    private long writeWith(Path vocab, Writer writer) throws UsageException {
        try (GgufFile v = ModelFiles.open(vocab)) {
            if (!v.metadata().has("tokenizer.ggml.tokens")) throw new UsageException("--vocab-from " + vocab + " has no tokenizer (tokenizer.ggml.tokens)");
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            return writer.write(v.metadata());
        } catch (GgufException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UsageException("--out " + out + ": cannot write it (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static int or(Integer v, int dflt) {
        return v != null ? v : dflt;
    }

    static GgmlType parseType(String s) throws UsageException {
        List<String> names = new ArrayList<>();
        for (GgmlType g : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            if (g.name().equalsIgnoreCase(s)) return g;
            names.add(g.name().toLowerCase(Locale.ROOT));
        }
        throw new UsageException("--type " + s + " is not one of " + String.join(", ", names));
    }

    /** ../shared/models/tiny-ARCH-q8_0.gguf, looked for under -Dsputnik.shared, $SPUTNIK_SHARED, then ../shared from here. */
    static Path defaultVocab(String arch) throws UsageException {
        String file = arch.equals(DeepSeek2Synthesizer.ARCH) ? "tiny-deepseek2-yarn-q8_0.gguf" : "tiny-" + arch + "-q8_0.gguf";
        List<Path> roots = new ArrayList<>();
        if (System.getProperty("sputnik.shared") != null) roots.add(Path.of(System.getProperty("sputnik.shared")));
        if (System.getenv("SPUTNIK_SHARED") != null) roots.add(Path.of(System.getenv("SPUTNIK_SHARED")));
        roots.add(Path.of("..", "shared"));
        for (Path r : roots) {
            Path p = r.resolve("models").resolve(file);
            if (Files.isRegularFile(p)) return p;
        }
        throw new UsageException("synth needs --vocab-from FILE.gguf (a model whose tokenizer to copy): there is no ../shared/models/" + file);
    }
}
