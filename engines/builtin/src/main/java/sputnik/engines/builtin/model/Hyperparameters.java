package sputnik.engines.builtin.model;

import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.gguf.GgufMetadata;

/**
 * The shape of a decoder-only transformer as its GGUF metadata gives it ({@code <arch>.block_count} and so on).
 * Keys llama.cpp treats as optional get its defaults: {@code attention.key_length} and {@code value_length} default
 * to n_embd / n_head, {@code rope.dimension_count} to the key length, {@code rope.freq_base} to 10000.
 *
 * @param ff dense feed-forward size ({@code feed_forward_length}; 0 when absent)
 * @param experts routed experts (0 for a dense model)
 * @param expertFf each expert's feed-forward size ({@code expert_feed_forward_length}; 0 for a dense model)
 * @param headDim the key length of a head as attention computes it (for deepseek2's absorbed MLA: kv_lora_rank plus the
 *     rope part)
 * @param valueDim the value length of a head as attention computes it (deepseek2: kv_lora_rank)
 * @param ropeFreqScale 1 / {@code rope.scaling.factor} for linear scaling and YaRN, else 1
 * @param vocab rows of {@code token_embd}
 * @param latentKv whether a cached position has one row that serves as the key and, its first {@code valueDim} values,
 *     as the value (deepseek2's MLA), instead of a key row and a value row
 */
public record Hyperparameters(
        String arch, int layers, int embd, int heads, int kvHeads, int headDim, int valueDim, int ropeDims, float ropeBase,
        float ropeFreqScale, float rmsEps, int contextLength, int vocab, int ff, int experts, int expertsUsed, int expertFf, boolean latentKv) {

    /** Query heads times the head size: the width of the attention's query. */
    public int qDim() {
        return heads * headDim;
    }

    /** KV heads times the head size: the width of one position's keys in the cache. */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /** The width of one position's values in the cache: KV heads times the value length, 0 with a latent KV. */
    public int cachedValueWidth() {
        return latentKv ? 0 : kvHeads * valueDim;
    }

    public boolean moe() {
        return experts > 0;
    }

    /**
     * Reads the hyperparameters of an {@code arch} model; a {@link GgufException} naming the file and the key when one is
     * missing, mistyped or inconsistent.
     */
    public static Hyperparameters read(GgufFile file, String arch, boolean moe) {
        GgufMetadata m = file.metadata();
        String p = arch + ".";
        String src = file.path().toString();
        int layers = positive(m, p + "block_count", src);
        int embd = positive(m, p + "embedding_length", src);
        int heads = positive(m, p + "attention.head_count", src);
        int kvHeads = m.has(p + "attention.head_count_kv") ? positive(m, p + "attention.head_count_kv", src) : heads;
        if (heads % kvHeads != 0) {
            throw new GgufException(src + ": " + heads + " attention heads are not a multiple of " + kvHeads + " KV heads (" + p + "attention.head_count_kv)");
        }
        int headDim = m.has(p + "attention.key_length") ? positive(m, p + "attention.key_length", src) : embd / heads;
        int valueDim = m.has(p + "attention.value_length") ? positive(m, p + "attention.value_length", src) : headDim;
        if (valueDim != headDim) {
            throw new GgufException(src + ": " + arch + " needs equal key and value head sizes, got " + headDim + " and " + valueDim);
        }
        if (headDim % 2 != 0) throw new GgufException(src + ": the head size " + headDim + " is odd; RoPE rotates pairs");
        int ropeDims = m.has(p + "rope.dimension_count") ? positive(m, p + "rope.dimension_count", src) : headDim;
        if (ropeDims != headDim) {
            throw new GgufException(src + ": " + arch + " rotates whole heads, but " + p + "rope.dimension_count is " + ropeDims + " for heads of " + headDim);
        }
        float ropeBase = m.getFloat(p + "rope.freq_base", 10000f);
        float freqScale = 1f;
        String scaling = m.getString(p + "rope.scaling.type", "none");
        switch (scaling) {
            case "none" -> { }
            case "linear" -> {
                float factor = m.getFloat(p + "rope.scaling.factor", 1f);
                if (!(factor > 0)) throw new GgufException(src + ": " + p + "rope.scaling.factor is " + factor + ", not positive");
                freqScale = 1f / factor;
            }
            default -> throw new GgufException(src + ": RoPE scaling '" + scaling + "' (" + p + "rope.scaling.type) is not supported for " + arch
                    + " (only none and linear)");
        }
        float eps = m.getFloat(p + "attention.layer_norm_rms_epsilon");
        int context = positive(m, p + "context_length", src);
        int vocab = (int) file.tensor("token_embd.weight").dim(1);
        int ff = m.getInt(p + "feed_forward_length", 0);
        int experts = 0, used = 0, expertFf = 0;
        if (moe) {
            experts = positive(m, p + "expert_count", src);
            used = positive(m, p + "expert_used_count", src);
            if (used > experts) throw new GgufException(src + ": " + p + "expert_used_count " + used + " exceeds " + p + "expert_count " + experts);
            expertFf = positive(m, p + "expert_feed_forward_length", src);
        } else if (ff <= 0) {
            throw new GgufException(src + ": metadata key '" + p + "feed_forward_length' is missing");
        }
        return new Hyperparameters(arch, layers, embd, heads, kvHeads, headDim, valueDim, ropeDims, ropeBase, freqScale, eps, context, vocab, ff,
                experts, used, expertFf, false);
    }

    /** The value of {@code key}, which must be a positive integer (a {@link GgufException} naming the file and the key otherwise). */
    public static int positive(GgufMetadata m, String key, String src) {
        int v = m.getInt(key);
        if (v <= 0) throw new GgufException(src + ": metadata key '" + key + "' is " + v + ", expected a positive number");
        return v;
    }

    /** One line for logs: "qwen3moe, 48 layers, n_embd 2048, 32 heads / 4 KV heads of 128, 128 experts (top 8) of 768". */
    public String describe() {
        StringBuilder b = new StringBuilder(arch).append(", ").append(layers).append(" layers, n_embd ").append(embd).append(", ").append(heads);
        if (latentKv) b.append(" heads over one latent KV row of ").append(headDim).append(" (MLA)");
        else b.append(" heads / ").append(kvHeads).append(" KV heads of ").append(headDim);
        if (moe()) b.append(", ").append(experts).append(" experts (top ").append(expertsUsed).append(") of ").append(expertFf);
        else b.append(", FFN ").append(ff);
        return b.append(", vocab ").append(vocab).toString();
    }
}
