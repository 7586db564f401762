package sputnik.engines.builtin.architectures;

import java.util.List;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.model.DecoderModel;
import sputnik.engines.builtin.model.WeightLayout;
import sputnik.engines.builtin.model.deepseek2.DeepSeek2;
import sputnik.engines.builtin.model.qwen2.Qwen2;
import sputnik.engines.builtin.model.qwen3moe.Qwen3Moe;

/** The architectures the built-in engine runs, chosen by {@code general.architecture}. */
public final class Models {
    /** The supported values of {@code general.architecture}. */
    public static final List<String> ARCHITECTURES = List.of(Qwen2.ARCH, Qwen3Moe.ARCH, DeepSeek2.ARCH);

    private Models() {}

    /**
     * The model in {@code file} (which it then owns: closing the model closes the file). A {@link GgufException} with a
     * one-line message for an unsupported architecture, a missing key or tensor, or a shape that does not fit; the file
     * is closed then.
     */
    public static DecoderModel load(GgufFile file) {
        return load(file, false);
    }

    /**
     * The same, with {@code noRepack}: every matrix read in place from the mapped file. Without it, Q8_0 matrices are
     * repacked into memory when the file fits in half of it ({@link WeightLayout#choose}).
     */
    public static DecoderModel load(GgufFile file, boolean noRepack) {
        WeightLayout layout = WeightLayout.choose(noRepack, file.fileSize(), WeightLayout.physicalMemory());
        try {
            return loadArch(file, layout);
        } catch (RuntimeException | Error e) {
            layout.close();
            file.close();
            throw e;
        }
    }

    private static DecoderModel loadArch(GgufFile file, WeightLayout layout) {
        String arch = file.metadata().getString("general.architecture");
        return switch (arch) {
            case Qwen2.ARCH -> Qwen2.load(file, layout);
            case Qwen3Moe.ARCH -> Qwen3Moe.load(file, layout);
            case DeepSeek2.ARCH -> DeepSeek2.load(file, layout);
            default -> throw new GgufException(file.path() + ": architecture '" + arch + "' is not supported by the built-in engine (supported: "
                    + String.join(", ", ARCHITECTURES) + ")");
        };
    }
}
