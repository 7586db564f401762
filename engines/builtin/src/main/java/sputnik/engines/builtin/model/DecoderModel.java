package sputnik.engines.builtin.model;

import java.util.Objects;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tensor.Matrix;
import sputnik.engines.builtin.tensor.Rope;

/**
 * A decoder-only transformer as llama.cpp builds qwen2, qwen3moe and deepseek2: token embedding; per layer RMSNorm,
 * a self-attention block ({@link AttentionLayer}: grouped-query attention with NEOX RoPE, optional q/k/v biases and
 * per-head q/k RMSNorm; or multi-head latent attention) and a residual, RMSNorm, a feed-forward block (dense, MoE, MoE
 * with shared experts) and a residual; a final RMSNorm and the output projection (the embedding when the file has no
 * {@code output.weight}). The weights are the mapped file's bytes or repacked copies
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
    private final Rope rope;
    private final float attentionScale;
    private final AttentionLayer[] attention;
    private final FeedForward[] ffn;

    /**
     * @param rope the rotation every layer applies (its angles are computed once per token and pass)
     * @param attentionScale the factor on each query-key dot product before the softmax
     */
    public DecoderModel(GgufFile file, WeightLayout layout, Hyperparameters hp, Matrix embedding, Matrix output, float[] outputNorm, Rope rope,
                        float attentionScale, AttentionLayer[] attention, FeedForward[] ffn) {
        this.file = Objects.requireNonNull(file, "file");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.hp = Objects.requireNonNull(hp, "hp");
        this.embedding = embedding;
        this.output = output;
        this.outputNorm = outputNorm;
        this.rope = Objects.requireNonNull(rope, "rope");
        this.attentionScale = attentionScale;
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
        return load(file, layout, hp, new Rope(hp.ropeDims(), hp.ropeBase(), hp.ropeFreqScale()), GqaAttention.scale(hp),
                (w, l) -> GqaAttention.load(w, hp, l, qkNorm), (w, l) -> ffn.load(w, "blk." + l + "."));
    }

    /** Loads one layer's feed-forward block from tensors named {@code prefix + "ffn_..."}. */
    @FunctionalInterface
    public interface FfnLoader {
        FeedForward load(Weights w, String prefix);
    }

    /**
     * Loads the embedding, output and its norm, and each layer's attention and feed-forward blocks as {@code attention}
     * and {@code ffn} load them, the matrices placed by {@code layout}, which the model then owns.
     */
    public static DecoderModel load(GgufFile file, WeightLayout layout, Hyperparameters hp, Rope rope, float attentionScale,
                                    LayerLoader<AttentionLayer> attention, LayerLoader<FeedForward> ffn) {
        Weights w = new Weights(file, layout);
        Matrix embedding = w.matrix("token_embd.weight", hp.vocab(), hp.embd());
        Matrix output = w.optionalMatrix("output.weight", hp.vocab(), hp.embd()).orElse(embedding);
        float[] outputNorm = w.vector("output_norm.weight", hp.embd());
        AttentionLayer[] blocks = new AttentionLayer[hp.layers()];
        FeedForward[] ffns = new FeedForward[hp.layers()];
        for (int l = 0; l < hp.layers(); l++) {
            blocks[l] = attention.load(w, l);
            ffns[l] = ffn.load(w, l);
        }
        return new DecoderModel(file, layout, hp, embedding, output, outputNorm, rope, attentionScale, blocks, ffns);
    }

    /** Loads one part of layer {@code layer}. */
    @FunctionalInterface
    public interface LayerLoader<T> {
        T load(Weights w, int layer);
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

    AttentionLayer attention(int layer) {
        return attention[layer];
    }

    /** Every layer's attention block. */
    AttentionLayer[] attentionLayers() {
        return attention.clone();
    }

    /** What a cached position would take in other attention forms ({@link AttentionLayer#kvComparison}), or null. */
    public String kvComparison(int bytesPerValue) {
        return attention.length == 0 ? null : attention[0].kvComparison(bytesPerValue);
    }

    public Rope rope() {
        return rope;
    }

    /** The factor on each query-key dot product before the softmax. */
    public float attentionScale() {
        return attentionScale;
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
     * Bytes of weights one decoded token reads: per layer the attention block's projections and the feed-forward
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
     * attention projections and feed-forward block (for MoE, the router, any shared experts and {@code expertsTouched}
     * experts, summed over layers), and the output projection when {@code logitRows > 0}. Embedding rows, norms and the KV
     * cache not counted.
     */
    public long weightBytesRead(int expertsTouched, int logitRows) {
        long b = logitRows > 0 ? output.byteSize() : 0, expert = 0;
        for (int l = 0; l < hp.layers(); l++) {
            b += attention[l].weightBytes() + ffn[l].sharedWeightBytes();
            expert = Math.max(expert, ffn[l].expertBytes());
        }
        return b + (long) expertsTouched * expert;
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
