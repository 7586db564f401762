package sputnik.engines.builtin;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.gguf.GgufValue;
import sputnik.engines.builtin.gguf.GgufWriter;
import sputnik.engines.builtin.tokenizer.Tokenizer;

/**
 * Models that say exactly what a test wants, to follow a known text through the engine and the graders: a one-layer
 * qwen2 GGUF whose attention and feed-forward blocks add nothing (their output projections are zero), so the last
 * hidden state is the current token's embedding, which makes the model a table from the current token to the next.
 * The script's tokens get the embeddings e1..en (unit vectors), every other token e0; the output row of script token
 * i+1 is e_i and that of the vocabulary's end-of-sequence token e_n, with a large scale. From any prompt that does not
 * end in a script token, greedy decoding (or sampling at an ordinary temperature: the scripted token leads by about
 * 250 logits) writes the script and stops with an end-of-generation token. The tokenizer is the reference model
 * tiny-qwen2-q8_0's (R1-Distill-Qwen's), so chat prompts get DeepSeek-R1's template, which opens {@code <think>}.
 */
public final class ScriptedModels {
    private ScriptedModels() {}

    private static final int EMBD = 64, FF = 64, HEADS = 4, KV_HEADS = 2, HEAD_DIM = 16;
    private static final int Q8_ROW_BYTES = EMBD / 32 * 34;
    private static final short FP16_ONE = 0x3C00, FP16_32 = 0x5000;

    /** Writes the model that says {@code script} (its tokens, special ones such as {@code </think>} included, all different) to {@code out}. */
    public static Path write(Path out, String script) throws IOException {
        Map<String, GgufValue> vocab;
        Tokenizer tokenizer;
        try (GgufFile f = GgufFile.open(SharedModels.model("tiny-qwen2-q8_0"))) {
            vocab = f.metadata().asMap();
            tokenizer = Tokenizer.from(f);
        }
        int[] tokens = tokenizer.encode(script, false, true);
        if (tokens.length == 0 || tokens.length >= EMBD) throw new IllegalArgumentException("a script of 1 to " + (EMBD - 1) + " tokens, got " + tokens.length);
        Map<Integer, Integer> state = new HashMap<>();
        for (int i = 0; i < tokens.length; i++) {
            if (state.put(tokens[i], i + 1) != null) throw new IllegalArgumentException("token " + tokens[i] + " comes twice in the script");
            if (tokenizer.isEndOfGeneration(tokens[i])) throw new IllegalArgumentException("the script ends by itself: no end-of-generation tokens in it");
        }
        int nVocab = tokenizer.size();
        int eos = tokenizer.eos();

        GgufWriter w = new GgufWriter();
        String a = "qwen2.";
        w.putString("general.architecture", "qwen2");
        w.putString("general.name", "sputnik-scripted-qwen2");
        w.putUInt32(a + "context_length", 4096);
        w.putUInt32(a + "embedding_length", EMBD);
        w.putUInt32(a + "block_count", 1);
        w.putUInt32(a + "feed_forward_length", FF);
        w.putUInt32(a + "attention.head_count", HEADS);
        w.putUInt32(a + "attention.head_count_kv", KV_HEADS);
        w.putUInt32(a + "attention.key_length", HEAD_DIM);
        w.putUInt32(a + "attention.value_length", HEAD_DIM);
        w.putFloat32(a + "rope.freq_base", 10000f);
        w.putFloat32(a + "attention.layer_norm_rms_epsilon", 1e-6f);
        vocab.forEach((k, v) -> {
            if (k.startsWith("tokenizer.")) w.put(k, v);
        });
        w.putUInt32("general.file_type", 7);

        w.addTensor("token_embd.weight", GgmlType.Q8_0, new long[] {EMBD, nVocab}, dst -> {
            for (int t = 0; t < nVocab; t++) unitRow(dst, t, state.getOrDefault(t, 0), FP16_ONE);
        });
        w.addTensor("output.weight", GgmlType.Q8_0, new long[] {EMBD, nVocab}, dst -> {
            for (int i = 0; i < tokens.length; i++) unitRow(dst, tokens[i], i, FP16_32);
            unitRow(dst, eos, tokens.length, FP16_32);
        });
        float[] ones = new float[EMBD];
        java.util.Arrays.fill(ones, 1f);
        w.addTensor("output_norm.weight", new long[] {EMBD}, ones);
        String p = "blk.0.";
        w.addTensor(p + "attn_norm.weight", new long[] {EMBD}, ones);
        w.addTensor(p + "ffn_norm.weight", new long[] {EMBD}, ones);
        GgufWriter.TensorData zeros = dst -> {}; // the bytes start zeroed
        int q = HEADS * HEAD_DIM, kv = KV_HEADS * HEAD_DIM;
        w.addTensor(p + "attn_q.weight", GgmlType.F32, new long[] {EMBD, q}, zeros);
        w.addTensor(p + "attn_k.weight", GgmlType.F32, new long[] {EMBD, kv}, zeros);
        w.addTensor(p + "attn_v.weight", GgmlType.F32, new long[] {EMBD, kv}, zeros);
        w.addTensor(p + "attn_q.bias", GgmlType.F32, new long[] {q}, zeros);
        w.addTensor(p + "attn_k.bias", GgmlType.F32, new long[] {kv}, zeros);
        w.addTensor(p + "attn_v.bias", GgmlType.F32, new long[] {kv}, zeros);
        w.addTensor(p + "attn_output.weight", GgmlType.F32, new long[] {q, EMBD}, zeros);
        w.addTensor(p + "ffn_gate.weight", GgmlType.F32, new long[] {EMBD, FF}, zeros);
        w.addTensor(p + "ffn_up.weight", GgmlType.F32, new long[] {EMBD, FF}, zeros);
        w.addTensor(p + "ffn_down.weight", GgmlType.F32, new long[] {FF, EMBD}, zeros);
        w.write(out);
        return out;
    }

    /** Row {@code row} of a Q8_0 matrix of EMBD columns: {@code scale} times the unit vector {@code e_index}. */
    private static void unitRow(MemorySegment dst, int row, int index, short scale) {
        long block = (long) row * Q8_ROW_BYTES + index / 32 * 34;
        dst.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), block, scale);
        dst.set(ValueLayout.JAVA_BYTE, block + 2 + index % 32, (byte) 1);
    }
}
