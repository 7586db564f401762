package sputnik.engines.builtin.architectures;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.gguf.GgufMetadata;
import sputnik.engines.builtin.gguf.GgufValue;
import sputnik.engines.builtin.gguf.GgufWriter;
import sputnik.engines.builtin.model.qwen2.Qwen2;
import sputnik.engines.builtin.model.qwen3moe.Qwen3Moe;
import sputnik.engines.builtin.tensor.RandomWeights;

/**
 * Writes random-weight GGUF models of real shapes (for throughput work without downloading weights): the tensors,
 * names and metadata llama.cpp's converter writes for the architecture, a real tokenizer copied from another GGUF,
 * random weights of valid blocks ({@link RandomWeights}) for the matrices in the chosen type, norm gains of 1 and
 * F32 router and biases (as llama-quantize leaves them). The bytes are generated in parallel straight into the
 * mapped output file, so multi-gigabyte models never pass through the heap.
 */
public final class Synthesizer {
    private Synthesizer() {}

    /** A model shape; {@code ff} is the dense FFN (qwen2; recorded but unused by qwen3moe), the expert fields are 0 for qwen2. */
    public record Shape(String arch, int layers, int embd, int heads, int kvHeads, int headDim, int ff, int experts, int expertsUsed, int expertFf,
                        float ropeBase, float rmsEps, int contextLength) {
        public int qDim() {
            return heads * headDim;
        }

        public int kvDim() {
            return kvHeads * headDim;
        }

        public Shape withLayers(int v) {
            return new Shape(arch, v, embd, heads, kvHeads, headDim, ff, experts, expertsUsed, expertFf, ropeBase, rmsEps, contextLength);
        }

        /** Checks the shape; a message for the first problem, or null. */
        public String problem(GgmlType type) {
            if (layers < 1 || embd < 1 || heads < 1 || kvHeads < 1 || headDim < 2 || contextLength < 1) return "layers, n_embd, heads, KV heads, head size and context must be positive";
            if (heads % kvHeads != 0) return heads + " heads are not a multiple of " + kvHeads + " KV heads";
            if (headDim % 2 != 0) return "the head size " + headDim + " is odd (RoPE rotates pairs)";
            if (arch.equals(Qwen3Moe.ARCH)) {
                if (experts < 1 || expertsUsed < 1 || expertFf < 1) return "qwen3moe needs --experts, --experts-used and --expert-ff";
                if (expertsUsed > experts) return expertsUsed + " experts used of " + experts;
            } else if (ff < 1) return "qwen2 needs --ff";
            int block = type.blockSize();
            int[] rows = arch.equals(Qwen3Moe.ARCH) ? new int[] {embd, heads * headDim, expertFf} : new int[] {embd, heads * headDim, ff};
            for (int n : rows) {
                if (n % block != 0) return type + " stores rows in blocks of " + block + " values; a row of " + n + " is not a whole number of blocks";
            }
            return null;
        }
    }

    /** The named shapes of real models (full depth; scale with {@link Shape#withLayers}). */
    public static final Map<String, Shape> SHAPES = shapes();

    private static Map<String, Shape> shapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        String moe = Qwen3Moe.ARCH, dense = Qwen2.ARCH;
        m.put("qwen3-30b-a3b", new Shape(moe, 48, 2048, 32, 4, 128, 6144, 128, 8, 768, 1e6f, 1e-6f, 40960));
        m.put("qwen3-235b-a22b", new Shape(moe, 94, 4096, 64, 4, 128, 12288, 128, 8, 1536, 1e6f, 1e-6f, 40960));
        m.put("tiny-qwen3moe", new Shape(moe, 3, 64, 4, 2, 32, 128, 16, 4, 32, 1e6f, 1e-6f, 4096));
        m.put("r1-distill-qwen-1.5b", new Shape(dense, 28, 1536, 12, 2, 128, 8960, 0, 0, 0, 10000f, 1e-6f, 131072));
        m.put("r1-distill-qwen-7b", new Shape(dense, 28, 3584, 28, 4, 128, 18944, 0, 0, 0, 10000f, 1e-6f, 131072));
        m.put("r1-distill-qwen-14b", new Shape(dense, 48, 5120, 40, 8, 128, 13824, 0, 0, 0, 1e6f, 1e-5f, 131072));
        m.put("r1-distill-qwen-32b", new Shape(dense, 64, 5120, 40, 8, 128, 27648, 0, 0, 0, 1e6f, 1e-5f, 131072));
        m.put("tiny-qwen2", new Shape(dense, 2, 64, 4, 2, 16, 128, 0, 0, 0, 10000f, 1e-6f, 4096));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** GGUF's general.file_type for a model whose matrices are all {@code type}. */
    static int fileType(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case Q4_K -> 14; // MOSTLY_Q4_K_S: every matrix Q4_K
            case Q6_K -> 18;
            case BF16 -> 32;
            default -> throw new IllegalArgumentException("no synthesized models of type " + type);
        };
    }

    /** A tensor to write: its name, type, GGUF shape (ne0 first) and how it is filled. */
    record Tensor(String name, GgmlType type, long[] shape, Fill fill) {}

    enum Fill { RANDOM, ONES, SMALL }

    /**
     * Writes the model to {@code out}; the tokenizer (every {@code tokenizer.*} key) comes from {@code vocab}, and the
     * vocabulary size from its token list. Returns the file's size.
     */
    public static long write(Shape s, GgmlType type, GgufMetadata vocab, long seed, int threads, Path out) throws IOException {
        String problem = s.problem(type);
        if (problem != null) throw new IllegalArgumentException(problem);
        int nVocab = vocab.arrayLength("tokenizer.ggml.tokens");
        String a = s.arch() + ".";
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", s.arch());
        w.putString("general.name", "sputnik-synth-" + s.arch() + "-random");
        w.putUInt32(a + "context_length", s.contextLength());
        w.putUInt32(a + "embedding_length", s.embd());
        w.putUInt32(a + "block_count", s.layers());
        w.putUInt32(a + "feed_forward_length", s.ff());
        w.putUInt32(a + "attention.head_count", s.heads());
        w.putUInt32(a + "attention.head_count_kv", s.kvHeads());
        w.putUInt32(a + "attention.key_length", s.headDim());
        w.putUInt32(a + "attention.value_length", s.headDim());
        w.putFloat32(a + "rope.freq_base", s.ropeBase());
        w.putFloat32(a + "attention.layer_norm_rms_epsilon", s.rmsEps());
        boolean moe = s.arch().equals(Qwen3Moe.ARCH);
        if (moe) {
            w.putUInt32(a + "expert_count", s.experts());
            w.putUInt32(a + "expert_used_count", s.expertsUsed());
            w.putUInt32(a + "expert_feed_forward_length", s.expertFf());
        }
        copyVocabulary(w, vocab, type);

        int e = s.embd();
        List<Tensor> tensors = embeddingAndOutput(type, e, nVocab);
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            tensors.add(new Tensor(p + "attn_norm.weight", GgmlType.F32, new long[] {e}, Fill.ONES));
            tensors.add(new Tensor(p + "attn_q.weight", type, new long[] {e, s.qDim()}, Fill.RANDOM));
            tensors.add(new Tensor(p + "attn_k.weight", type, new long[] {e, s.kvDim()}, Fill.RANDOM));
            tensors.add(new Tensor(p + "attn_v.weight", type, new long[] {e, s.kvDim()}, Fill.RANDOM));
            tensors.add(new Tensor(p + "attn_output.weight", type, new long[] {s.qDim(), e}, Fill.RANDOM));
            tensors.add(new Tensor(p + "ffn_norm.weight", GgmlType.F32, new long[] {e}, Fill.ONES));
            if (moe) {
                tensors.add(new Tensor(p + "attn_q_norm.weight", GgmlType.F32, new long[] {s.headDim()}, Fill.ONES));
                tensors.add(new Tensor(p + "attn_k_norm.weight", GgmlType.F32, new long[] {s.headDim()}, Fill.ONES));
                tensors.add(new Tensor(p + "ffn_gate_inp.weight", GgmlType.F32, new long[] {e, s.experts()}, Fill.RANDOM));
                tensors.add(new Tensor(p + "ffn_gate_exps.weight", type, new long[] {e, s.expertFf(), s.experts()}, Fill.RANDOM));
                tensors.add(new Tensor(p + "ffn_up_exps.weight", type, new long[] {e, s.expertFf(), s.experts()}, Fill.RANDOM));
                tensors.add(new Tensor(p + "ffn_down_exps.weight", type, new long[] {s.expertFf(), e, s.experts()}, Fill.RANDOM));
            } else {
                tensors.add(new Tensor(p + "attn_q.bias", GgmlType.F32, new long[] {s.qDim()}, Fill.SMALL));
                tensors.add(new Tensor(p + "attn_k.bias", GgmlType.F32, new long[] {s.kvDim()}, Fill.SMALL));
                tensors.add(new Tensor(p + "attn_v.bias", GgmlType.F32, new long[] {s.kvDim()}, Fill.SMALL));
                tensors.add(new Tensor(p + "ffn_gate.weight", type, new long[] {e, s.ff()}, Fill.RANDOM));
                tensors.add(new Tensor(p + "ffn_up.weight", type, new long[] {e, s.ff()}, Fill.RANDOM));
                tensors.add(new Tensor(p + "ffn_down.weight", type, new long[] {s.ff(), e}, Fill.RANDOM));
            }
        }
        return writeTensors(w, tensors, seed, threads, out);
    }

    /** The token embedding, the output norm and the output projection of a model of width {@code embd} (a list to add the layers to). */
    static List<Tensor> embeddingAndOutput(GgmlType type, int embd, int nVocab) {
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(new Tensor("token_embd.weight", type, new long[] {embd, nVocab}, Fill.RANDOM));
        tensors.add(new Tensor("output_norm.weight", GgmlType.F32, new long[] {embd}, Fill.ONES));
        tensors.add(new Tensor("output.weight", type, new long[] {embd, nVocab}, Fill.RANDOM));
        return tensors;
    }

    /** The tokenizer ({@code tokenizer.*} keys of {@code vocab}) and the file's quantization keys. */
    static void copyVocabulary(GgufWriter w, GgufMetadata vocab, GgmlType type) {
        for (Map.Entry<String, GgufValue> e : vocab.asMap().entrySet()) {
            if (e.getKey().startsWith("tokenizer.")) w.put(e.getKey(), e.getValue());
        }
        w.putUInt32("general.quantization_version", 2);
        w.putUInt32("general.file_type", fileType(type));
    }

    /** Adds {@code tensors}, filled in parallel on {@code threads} threads, and writes the file; its size. */
    static long writeTensors(GgufWriter w, List<Tensor> tensors, long seed, int threads, Path out) throws IOException {
        ExecutorService exec = Executors.newFixedThreadPool(Math.max(1, threads), r -> Thread.ofPlatform().daemon().name("sputnik-synth").unstarted(r));
        try {
            for (int i = 0; i < tensors.size(); i++) {
                Tensor t = tensors.get(i);
                long tensorSeed = mix(seed, i);
                w.addTensor(t.name(), t.type(), t.shape(), dst -> fill(t, dst, tensorSeed, exec));
            }
            w.write(out);
        } finally {
            exec.shutdownNow();
        }
        return w.fileSize();
    }

    /** Values per parallel chunk of a random tensor (a multiple of every block size). */
    private static final long CHUNK = 1L << 22;

    private static void fill(Tensor t, MemorySegment dst, long seed, ExecutorService exec) throws IOException {
        long values = 1;
        for (long d : t.shape()) values *= d;
        switch (t.fill()) {
            case ONES -> {
                for (long i = 0; i < values; i++) dst.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i, 1f);
            }
            case SMALL -> {
                SplittableRandom r = new SplittableRandom(seed);
                for (long i = 0; i < values; i++) dst.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) (r.nextDouble() * 0.2 - 0.1));
            }
            case RANDOM -> {
                List<Future<?>> parts = new ArrayList<>();
                long blockBytes = t.type().bytesFor(t.type().blockSize());
                for (long from = 0, chunk = 0; from < values; from += CHUNK, chunk++) {
                    long n = Math.min(CHUNK, values - from), offset = from / t.type().blockSize() * blockBytes;
                    long chunkSeed = mix(seed, chunk);
                    parts.add(exec.submit(() -> RandomWeights.fill(t.type(), dst, offset, n, new SplittableRandom(chunkSeed))));
                }
                try {
                    for (Future<?> f : parts) f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while writing " + t.name(), e);
                } catch (ExecutionException e) {
                    throw new IOException("cannot fill " + t.name() + ": " + e.getCause(), e.getCause());
                }
            }
        }
    }

    /** SplitMix64 of a seed and an index: independent streams per tensor and chunk, whatever the order they are written in. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
