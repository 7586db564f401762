package sputnik.engines.builtin.model.deepseek2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.model.AttentionLayer;
import sputnik.engines.builtin.model.DecoderModel;
import sputnik.engines.builtin.model.DenseFfn;
import sputnik.engines.builtin.model.FeedForward;
import sputnik.engines.builtin.model.Hyperparameters;
import sputnik.engines.builtin.model.MoeFeedForward;
import sputnik.engines.builtin.model.WeightLayout;
import sputnik.engines.builtin.model.Weights;
import sputnik.engines.builtin.tensor.ExpertTensor;
import sputnik.engines.builtin.tensor.GroupLimitedRouting;
import sputnik.engines.builtin.tensor.Matrix;
import sputnik.engines.builtin.tensor.Rope;

/**
 * {@code deepseek2} (DeepSeek-V2, V2-Lite, V3, R1, Moonlight, Kimi-K2) as llama.cpp builds it: multi-head latent
 * attention ({@link MlaAttention}) with normal-mode RoPE and YaRN; the first {@code leading_dense_block_count} layers
 * with a dense SwiGLU FFN, the others with routed experts ({@link GroupLimitedRouting}) plus shared experts.
 *
 * <p>Files in the current form carry the absorbed per-head {@code attn_k_b} and {@code attn_v_b}; older files carry
 * {@code attn_kv_b} (the decompression of the latent into every head's nope key and value), which is split here into
 * the same two: its value rows are {@code attn_v_b} as they are, its key rows transposed (into F32) are {@code attn_k_b}.
 * llama.cpp computes such files as plain multi-head attention over decompressed keys and values; the absorbed form is
 * the same attention, with its rounding differences and the latent cache.
 */
public final class DeepSeek2 {
    public static final String ARCH = "deepseek2";

    private DeepSeek2() {}

    public static DecoderModel load(GgufFile file, WeightLayout layout) {
        DeepSeek2Config c = DeepSeek2Config.read(file);
        Hyperparameters hp = c.hp();
        return DecoderModel.load(file, layout, hp, c.rope(), c.attentionScale(), (w, l) -> attention(w, c, l), (w, l) -> ffn(w, c, l));
    }

    private static AttentionLayer attention(Weights w, DeepSeek2Config c, int layer) {
        Hyperparameters hp = c.hp();
        MlaShape s = c.mla();
        String p = "blk." + layer + ".";
        int embd = hp.embd(), heads = hp.heads(), qWidth = heads * s.keyLength();
        Matrix qA = null, qB;
        float[] qANorm = null;
        if (s.qLora() > 0) {
            qA = w.matrix(p + "attn_q_a.weight", s.qLora(), embd);
            qANorm = w.vector(p + "attn_q_a_norm.weight", s.qLora());
            qB = w.matrix(p + "attn_q_b.weight", qWidth, s.qLora());
        } else {
            qB = w.matrix(p + "attn_q.weight", qWidth, embd);
        }
        Matrix[] kB = new Matrix[heads], vB = new Matrix[heads];
        if (w.has(p + "attn_k_b.weight") || !w.has(p + "attn_kv_b.weight")) {
            ExpertTensor k = w.experts(p + "attn_k_b.weight", heads, s.kvLora(), s.nope());
            ExpertTensor v = w.experts(p + "attn_v_b.weight", heads, s.value(), s.kvLora());
            for (int h = 0; h < heads; h++) {
                kB[h] = k.expert(h);
                vB[h] = v.expert(h);
            }
        } else {
            splitKvB(w.matrix(p + "attn_kv_b.weight", heads * (s.nope() + s.value()), s.kvLora()), s, heads, kB, vB);
        }
        return new MlaAttention(s, heads, hp.rmsEps(), w.vector(p + "attn_norm.weight", embd), qA, qANorm, qB,
                w.matrix(p + "attn_kv_a_mqa.weight", s.latentRow(), embd), w.vector(p + "attn_kv_a_norm.weight", s.kvLora()), kB, vB,
                w.matrix(p + "attn_output.weight", embd, heads * s.value()));
    }

    /**
     * {@code attn_kv_b} holds per head nope rows then value rows, each of kv_lora_rank: the value rows are that head's
     * {@code attn_v_b}; the nope rows, transposed, its {@code attn_k_b} (kept as F32, in memory the garbage collector frees
     * with the model).
     */
    private static void splitKvB(Matrix kvB, MlaShape s, int heads, Matrix[] kB, Matrix[] vB) {
        int nope = s.nope(), kvLora = s.kvLora(), per = nope + s.value();
        MemorySegment k = Arena.ofAuto().allocate((long) heads * kvLora * nope * Float.BYTES, 64);
        float[] rowValues = new float[kvLora];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < nope; i++) {
                kvB.dequantizeRow(h * per + i, rowValues, 0);
                for (int c = 0; c < kvLora; c++) k.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, ((long) h * kvLora + c) * nope + i, rowValues[c]);
            }
            kB[h] = new Matrix(GgmlType.F32, k, (long) h * kvLora * nope * Float.BYTES, kvLora, nope);
            vB[h] = kvB.rows(h * per + nope, s.value());
        }
    }

    private static FeedForward ffn(Weights w, DeepSeek2Config c, int layer) {
        Hyperparameters hp = c.hp();
        String p = "blk." + layer + ".";
        int embd = hp.embd();
        float[] norm = w.vector(p + "ffn_norm.weight", embd);
        if (layer < c.leadingDense()) {
            int ff = hp.ff();
            return new DenseFfn(norm, w.matrix(p + "ffn_gate.weight", ff, embd), w.matrix(p + "ffn_up.weight", ff, embd),
                    w.matrix(p + "ffn_down.weight", embd, ff));
        }
        int experts = hp.experts(), ff = hp.expertFf();
        float[] bias = w.optionalVector(p + "exp_probs_b.bias", experts);
        GroupLimitedRouting routing = new GroupLimitedRouting(c.sigmoid(), bias, c.groups(), c.groupsUsed(), hp.expertsUsed(), c.normalize(), c.scale());
        DenseFfn shared = null;
        if (c.sharedExperts() > 0) {
            int width = ff * c.sharedExperts();
            shared = new DenseFfn(norm, w.matrix(p + "ffn_gate_shexp.weight", width, embd), w.matrix(p + "ffn_up_shexp.weight", width, embd),
                    w.matrix(p + "ffn_down_shexp.weight", embd, width));
        }
        return new MoeFeedForward(norm, w.matrix(p + "ffn_gate_inp.weight", experts, embd), w.experts(p + "ffn_gate_exps.weight", experts, ff, embd),
                w.experts(p + "ffn_up_exps.weight", experts, ff, embd), w.experts(p + "ffn_down_exps.weight", experts, embd, ff), routing, shared);
    }

    static GgufException bad(GgufFile file, String what) {
        return new GgufException(file.path() + ": " + what);
    }
}
