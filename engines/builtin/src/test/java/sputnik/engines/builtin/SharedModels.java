package sputnik.engines.builtin;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import sputnik.harness.testing.SharedData;

/** The reference models in ../shared/models (llama.cpp's outputs for them in ref/); tests skip, saying why, without them. */
public final class SharedModels {
    private SharedModels() {}

    /** The qwen2 / qwen3moe / deepseek2 reference models with a ref/NAME.json. */
    public static final String[] MODELS = {
        "tiny-qwen2-q8_0", "tiny-qwen3moe-f32", "tiny-qwen3moe-q8_0", "tiny-deepseek2-f32", "tiny-deepseek2-yarn-q8_0"
    };

    public static Path dir() {
        Path d = SharedData.root().resolve("models");
        assumeTrue(Files.isDirectory(d), "../shared/models is absent (" + d + "): tests on the reference models are skipped");
        return d;
    }

    /** A file under ../shared/models, or the test is skipped. */
    public static Path file(String relative) {
        Path f = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(f), f + " is absent: the test is skipped");
        return f;
    }

    public static Path model(String name) {
        return file(name + ".gguf");
    }

    public static Path ref(String name) {
        return file("ref/" + name + ".json");
    }
}
