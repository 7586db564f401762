package sputnik.engines.builtin.model.deepseek2;

import static sputnik.engines.builtin.model.Hyperparameters.positive;

import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.gguf.GgufMetadata;
import sputnik.engines.builtin.model.Hyperparameters;
import sputnik.engines.builtin.tensor.GroupLimitedRouting;
import sputnik.engines.builtin.tensor.Rope;

/**
 * A deepseek2 file's configuration as llama.cpp reads it, with the values it derives: the MLA sizes, the RoPE (YaRN
 * when {@code rope.scaling.type} is yarn) and the attention scale, the dense and MoE layers and the routing.
 *
 * <p>YaRN follows llama.cpp (llama-context.cpp and models/deepseek2.cpp): the rope's magnitude factor {@code
 * yarn_attn_factor} is {@code 1 / (1 + 0.1 ln factor)} times {@code get_mscale(factor, mscale) / get_mscale(factor,
 * mscale_all_dim)} (which is 1 for DeepSeek's files), so that rotated values keep their length, and the attention scale
 * carries the model's mscale instead: {@code (1 + 0.1 mscale_all_dim ln factor)^2 / sqrt(nope + rope)}, where {@code
 * mscale_all_dim} is {@code rope.scaling.yarn_log_multiplier / 0.1} (the converter stores it times 0.1). beta_fast and
 * beta_slow are read from the file when present (llama.cpp uses its defaults, 32 and 1, which are also DeepSeek's).
 *
 * @param hp the shape as the rest of the engine sees it: one latent KV row of kv_lora_rank + rope values per position,
 *     the values its first kv_lora_rank
 * @param leadingDense layers with a dense FFN before the MoE layers ({@code leading_dense_block_count})
 * @param sharedExperts shared experts per MoE layer ({@code expert_shared_count})
 * @param sigmoid sigmoid router scores ({@code expert_gating_func} 2), else softmax (1, or absent as in DeepSeek-V2 files)
 * @param scale {@code expert_weights_scale} (0: none)
 */
public record DeepSeek2Config(Hyperparameters hp, MlaShape mla, Rope rope, float attentionScale, int leadingDense,
                              int sharedExperts, boolean sigmoid, int groups, int groupsUsed, boolean normalize, float scale) {

    public static DeepSeek2Config read(GgufFile file) {
        GgufMetadata m = file.metadata();
        String p = DeepSeek2.ARCH + ".", src = file.path().toString();
        // block_count includes the multi-token-prediction layers (nextn_predict_layers) that follow the trunk; like
        // llama.cpp's normal decoding, the engine runs the trunk only
        int blocks = positive(m, p + "block_count", src), nextn = m.getInt(p + "nextn_predict_layers", 0);
        if (nextn < 0 || nextn >= blocks) throw DeepSeek2.bad(file, p + "nextn_predict_layers is " + nextn + ", expected 0.." + (blocks - 1));
        int layers = blocks - nextn;
        int embd = positive(m, p + "embedding_length", src);
        int heads = positive(m, p + "attention.head_count", src);
        int kvLora = positive(m, p + "attention.kv_lora_rank", src);
        int qLora = m.getInt(p + "attention.q_lora_rank", 0);
        if (qLora < 0) throw DeepSeek2.bad(file, p + "attention.q_lora_rank is " + qLora + ", expected 0 or more");
        int ropeDims = positive(m, p + "rope.dimension_count", src);
        if (ropeDims % 2 != 0) throw DeepSeek2.bad(file, p + "rope.dimension_count is " + ropeDims + ", odd; RoPE rotates pairs");
        boolean absorbed = m.has(p + "attention.key_length_mla") && m.has(p + "attention.value_length_mla");
        String kKey = absorbed ? "attention.key_length_mla" : "attention.key_length", vKey = absorbed ? "attention.value_length_mla" : "attention.value_length";
        int keyLength = positive(m, p + kKey, src), value = positive(m, p + vKey, src);
        int nope = keyLength - ropeDims;
        if (nope < 1) throw DeepSeek2.bad(file, p + kKey + " " + keyLength + " leaves no nope part beside " + ropeDims + " rope values");
        MlaShape mla = new MlaShape(qLora, kvLora, nope, ropeDims, value);

        float eps = m.getFloat(p + "attention.layer_norm_rms_epsilon");
        int context = positive(m, p + "context_length", src);
        int vocab = (int) file.tensor("token_embd.weight").dim(1);
        int leadingDense = m.getInt(p + "leading_dense_block_count", 0);
        if (leadingDense < 0 || leadingDense > layers) {
            throw DeepSeek2.bad(file, p + "leading_dense_block_count is " + leadingDense + ", expected 0.." + layers);
        }
        int ff = leadingDense > 0 ? positive(m, p + "feed_forward_length", src) : m.getInt(p + "feed_forward_length", 0);
        int experts = 0, used = 0, expertFf = 0;
        if (leadingDense < layers) {
            experts = positive(m, p + "expert_count", src);
            used = positive(m, p + "expert_used_count", src);
            if (used > experts) throw DeepSeek2.bad(file, p + "expert_used_count " + used + " exceeds " + p + "expert_count " + experts);
            expertFf = positive(m, p + "expert_feed_forward_length", src);
        }
        int shared = m.getInt(p + "expert_shared_count", 0);
        float weightsScale = m.getFloat(p + "expert_weights_scale", 0f);
        boolean normalize = m.getBool(p + "expert_weights_norm", false);
        int gating = m.getInt(p + "expert_gating_func", 0);
        if (gating < 0 || gating > 2) {
            throw DeepSeek2.bad(file, p + "expert_gating_func is " + gating + "; the built-in engine computes 1 (softmax) and 2 (sigmoid)");
        }
        int groups = m.getInt(p + "expert_group_count", 0), groupsUsed = m.getInt(p + "expert_group_used_count", 0);
        if (experts > 0) {
            try {
                new GroupLimitedRouting(gating == 2, null, groups, groupsUsed, used, normalize, weightsScale).check(experts);
            } catch (IllegalArgumentException e) {
                throw DeepSeek2.bad(file, "expert groups (" + p + "expert_group_count " + groups + ", expert_group_used_count " + groupsUsed + "): "
                        + e.getMessage());
            }
        }

        float base = m.getFloat(p + "rope.freq_base", 10000f);
        String scaling = m.getString(p + "rope.scaling.type", "none");
        float factor = m.getFloat(p + "rope.scaling.factor", 0f);
        if (!scaling.equals("none") && factor < 0) throw DeepSeek2.bad(file, p + "rope.scaling.factor is " + factor + ", negative");
        float freqScale = scaling.equals("none") || factor == 0f ? 1f : 1f / factor;
        float extFactor = switch (scaling) {
            case "none", "linear" -> 0f;
            case "yarn" -> 1f;
            default -> throw DeepSeek2.bad(file, "RoPE scaling '" + scaling + "' (" + p + "rope.scaling.type) is not supported for deepseek2 (none, linear, yarn)");
        };
        int origContext = m.getInt(p + "rope.scaling.original_context_length", context);
        float logMul = m.has(p + "rope.scaling.yarn_log_multiplier") ? m.getFloat(p + "rope.scaling.yarn_log_multiplier") / 0.1f : 0f;
        float attnFactor = yarnAttnFactor(extFactor, freqScale, logMul) * m.getFloat(p + "rope.scaling.attn_factor", 1f);
        Rope rope = Rope.yarn(ropeDims, base, freqScale, origContext, extFactor, attnFactor, m.getFloat(p + "rope.scaling.yarn_beta_fast", 32f),
                m.getFloat(p + "rope.scaling.yarn_beta_slow", 1f));
        float ln = (float) Math.log(1.0f / freqScale);
        float attnFactorOrg = attnFactor * (1.0f + 0.1f * ln);
        float mscale = attnFactorOrg * (1.0f + 0.1f * logMul * ln);
        float kqScale = 1.0f * mscale * mscale / (float) Math.sqrt(keyLength);

        Hyperparameters hp = new Hyperparameters(DeepSeek2.ARCH, layers, embd, heads, 1, mla.latentRow(), kvLora, ropeDims, base, freqScale, eps,
                context, vocab, ff, experts, used, expertFf, true);
        return new DeepSeek2Config(hp, mla, rope, kqScale, leadingDense, shared, gating == 2, groups, groupsUsed, normalize, weightsScale);
    }

    /** llama.cpp's {@code yarn_attn_factor} before {@code rope.scaling.attn_factor}: see the class comment. */
    static float yarnAttnFactor(float extFactor, float freqScale, float logMul) {
        if (extFactor == 0f) return 1f;
        float factor = 1.0f / freqScale;
        // with a log multiplier llama.cpp takes get_mscale(factor, m) / get_mscale(factor, m) with m = mscale_all_dim: 1
        float a = logMul != 0f ? 1.0f : getMscale(factor, 1.0f);
        return a * (1.0f / (1.0f + 0.1f * (float) Math.log(factor)));
    }

    private static float getMscale(float scale, float mscale) {
        return scale <= 1.0f ? 1.0f : 0.1f * mscale * (float) Math.log(scale) + 1.0f;
    }
}
