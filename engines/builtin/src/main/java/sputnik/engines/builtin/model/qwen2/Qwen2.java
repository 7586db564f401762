package sputnik.engines.builtin.model.qwen2;

import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.model.DecoderModel;
import sputnik.engines.builtin.model.DenseFfn;
import sputnik.engines.builtin.model.Hyperparameters;
import sputnik.engines.builtin.model.WeightLayout;

/**
 * {@code qwen2}, the dense architecture of Qwen2/2.5 and the DeepSeek-R1-Distill-Qwen models, as llama.cpp builds it:
 * q, k and v projections with biases, NEOX RoPE, grouped-query attention, a SwiGLU FFN, untied output (or tied when
 * the file has no {@code output.weight}).
 */
public final class Qwen2 {
    public static final String ARCH = "qwen2";

    private Qwen2() {}

    public static DecoderModel load(GgufFile file, WeightLayout layout) {
        Hyperparameters hp = Hyperparameters.read(file, ARCH, false);
        int embd = hp.embd(), ff = hp.ff();
        return DecoderModel.load(file, layout, hp, false, (w, p) -> new DenseFfn(
                w.vector(p + "ffn_norm.weight", embd),
                w.matrix(p + "ffn_gate.weight", ff, embd),
                w.matrix(p + "ffn_up.weight", ff, embd),
                w.matrix(p + "ffn_down.weight", embd, ff)));
    }
}
