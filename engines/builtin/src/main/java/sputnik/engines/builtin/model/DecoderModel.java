package sputnik.engines.builtin.model;

import java.util.Objects;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tensor.Matrix;

/**
 * A decoder-only transformer as qwen2 and qwen3moe are built in llama.cpp: token embedding; per layer RMSNorm,
 * grouped-query self-attention with NEOX RoPE (optional q/k/v biases, optional per-head q/k RMSNorm) and a residual,
 * RMSNorm, a feed-forward block (dense or MoE) and a residual; a final RMSNorm and the output projection (the
 * embedding when the file has no {@code output.weight}). The weights are the mapped file's bytes or repacked copies
 * ({@link WeightLayout}); all mutable state
 * lives in {@link Session}s, so one model serves any number of sessions.
 */
public final class DecoderModel implements AutoCloseable {
    private final GgufFile file;
    private final WeightLayout layout;
    private final Hyperparameters hp;
    private final Matrix embedding;
    private final Matrix output;
    private final float[] outputNorm;
    private final AttentionWeights[] attention;
    private final FeedForward[] ffn;

    public DecoderModel(GgufFile file, WeightLayout layout, Hyperparameters hp, Matrix embedding, Matrix output, float[] outputNorm,
                        AttentionWeights[] attention, FeedForward[] ffn) {
        this.file = Objects.requireNonNull(file, "file");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.hp = Objects.requireNonNull(hp, "hp");
        this.embedding = embedding;
        this.output = output;
        this.outputNorm = outputNorm;
        this.attention = attention.clone();
        this.ffn = ffn.clone();
        if (attention.length != hp.layers() || ffn.length != hp.layers()) throw new IllegalArgumentException("layer count mismatch");
    }

    /**
     * Loads the parts every architecture here shares (embedding, output and its norm, each layer's attention with
     * q/k norms when {@code qkNorm}) around the feed-forward blocks {@code ffn} loads for each layer, the matrices placed by
     * {@code layout}, which the model then owns.
     */
    public static DecoderModel load(GgufFile file, WeightLayout layout, Hyperparameters hp, boolean qkNorm, FfnLoader ffn) {
        Weights w = new Weights(file, layout);
        Matrix embedding = w.matrix("token_embd.weight", hp.vocab(), hp.embd());
        Matrix output = w.optionalMatrix("output.weight", hp.vocab(), hp.embd()).orElse(embedding);
        float[] outputNorm = w.vector("output_norm.weight", hp.embd());
        AttentionWeights[] attention = new AttentionWeights[hp.layers()];
        FeedForward[] blocks = new FeedForward[hp.layers()];
        for (int l = 0; l < hp.layers(); l++) {
            attention[l] = AttentionWeights.load(w, hp, l, qkNorm);
            blocks[l] = ffn.load(w, "blk." + l + ".");
        }
        return new DecoderModel(file, layout, hp, embedding, output, outputNorm, attention, blocks);
    }

    /** Loads one layer's feed-forward block from tensors named {@code prefix + "ffn_..."}. */
    @FunctionalInterface
    public interface FfnLoader {
        FeedForward load(Weights w, String prefix);
    }

    public GgufFile file() {
        return file;
    }

    /** Where the weights are read from (the mapped file, or repacked copies). */
    public WeightLayout weightLayout() {
        return layout;
    }

    public Hyperparameters hyperparameters() {
        return hp;
    }

    Matrix embedding() {
        return embedding;
    }

    Matrix output() {
        return output;
    }

    float[] outputNorm() {
        return outputNorm;
    }

    AttentionWeights attention(int layer) {
        return attention[layer];
    }

    FeedForward ffn(int layer) {
        return ffn[layer];
    }

    /** Whether the output projection is the token embedding (tied weights). */
    public boolean tiedOutput() {
        return output == embedding;
    }

    /**
     * A fresh single-sequence session (an F32 KV cache and buffers) computing on {@code pool}, for up to {@code
     * maxContext} positions; its cache's pages are taken as positions are used.
     */
    public Session newSession(WorkerPool pool, int maxContext) {
        return new Session(this, pool, maxContext, KvCache.Type.F32);
    }

    /** The same with a cache of {@code type}. */
    public Session newSession(WorkerPool pool, int maxContext, KvCache.Type type) {
        return new Session(this, pool, maxContext, type);
    }

    /**
     * Bytes of weights one decoded token reads: per layer the q, k, v and output projections and the feed-forward
     * block's active part (router and the selected experts' gate, up and down for MoE), plus the output projection and
     * one embedding row. Norm gains and biases (a few KB) and the KV cache are not counted.
     */
    public long activeWeightBytesPerToken() {
        long b = output.byteSize() + embedding.rowBytes();
        for (int l = 0; l < hp.layers(); l++) b += attention[l].weightBytes() + ffn[l].activeWeightBytes();
        return b;
    }

    /**
     * Bytes of weights a forward pass reads when each weight matrix is read once for all its tokens: every layer's
     * attention projections and feed-forward block (for MoE, the router and {@code expertsTouched} experts, summed over
     * layers), and the output projection when {@code logitRows > 0}. Embedding rows, norms and the KV cache not counted.
     */
    public long weightBytesRead(int expertsTouched, int logitRows) {
        long b = logitRows > 0 ? output.byteSize() : 0;
        for (int l = 0; l < hp.layers(); l++) b += attention[l].weightBytes() + ffn[l].sharedWeightBytes();
        return b + (long) expertsTouched * (ffn.length == 0 ? 0 : ffn[0].expertBytes());
    }

    /** Bytes of all the weights (the embedding counted once when tied). */
    public long totalWeightBytes() {
        long b = embedding.byteSize() + (tiedOutput() ? 0 : output.byteSize());
        for (int l = 0; l < hp.layers(); l++) b += attention[l].weightBytes() + ffn[l].totalWeightBytes();
        return b;
    }

    /** Frees the repacked weights and unmaps the file: no session may be used afterwards. */
    @Override
    public void close() {
        try {
            layout.close();
        } finally {
            file.close();
        }
    }
}
