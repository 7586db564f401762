package sputnik.engines.builtin.architectures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.builtin.SharedModels;
import sputnik.engines.builtin.TestPools;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.gguf.GgufMetadata;
import sputnik.engines.builtin.gguf.GgufTensorInfo;
import sputnik.engines.builtin.gguf.GgufWriter;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tensor.VectorMath;
import sputnik.engines.builtin.model.DecoderModel;
import sputnik.engines.builtin.model.Hyperparameters;
import sputnik.engines.builtin.model.Session;

/** Synthesized models load, run and are reproducible; broken files give one-line errors naming what is wrong. */
class SynthesizerTest {
    @TempDir
    Path dir;

    private static final WorkerPool pool = TestPools.TWO;

    private static GgufMetadata vocab(String model) throws Exception {
        try (GgufFile f = GgufFile.open(SharedModels.model(model))) {
            return f.metadata();
        }
    }

    private static int[] greedy(DecoderModel m, int[] prompt, int n) {
        Session s = m.newSession(pool, prompt.length + n);
        s.prefill(prompt, 0, prompt.length, true);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = VectorMath.argmax(s.logits(), 0, s.logits().length);
            s.forward(out[i], true);
        }
        return out;
    }

    @Test
    void aSynthesizedTinyDeepSeek2HasTheTensorsAndMetadataOfLlamaCppsReferenceModel() throws Exception {
        // tiny-deepseek2-yarn-q8_0 was converted by llama.cpp from a DeepSeek-V3-layout checkpoint and quantized by
        // llama-quantize: the synthesized file of the same shape must name, type and shape every tensor as it does,
        // and write the same architecture keys with the same values.
        Path ref = SharedModels.model("tiny-deepseek2-yarn-q8_0"), out = dir.resolve("ds.gguf");
        DeepSeek2Synthesizer.write(DeepSeek2Synthesizer.SHAPES.get("tiny-deepseek2"), GgmlType.Q8_0, vocab("tiny-deepseek2-yarn-q8_0"), 3, 2, out);
        try (GgufFile a = GgufFile.open(ref); GgufFile b = GgufFile.open(out)) {
            java.util.Map<String, String> expected = new java.util.TreeMap<>(), actual = new java.util.TreeMap<>();
            for (GgufTensorInfo t : a.tensors()) expected.put(t.name(), t.type() + java.util.Arrays.toString(t.shape()));
            for (GgufTensorInfo t : b.tensors()) actual.put(t.name(), t.type() + java.util.Arrays.toString(t.shape()));
            assertThat(actual).isEqualTo(expected);
            for (var e : a.metadata().asMap().entrySet()) {
                String k = e.getKey();
                if (!k.startsWith("deepseek2.")) continue;
                assertThat(b.metadata().asMap()).as(k).containsKey(k);
                assertThat(String.valueOf(b.metadata().asMap().get(k))).as(k).isEqualTo(String.valueOf(e.getValue()));
            }
            assertThat(b.metadata().asMap().keySet().stream().filter(k -> k.startsWith("deepseek2."))).containsExactlyInAnyOrderElementsOf(
                    a.metadata().asMap().keySet().stream().filter(k -> k.startsWith("deepseek2.")).toList());
        }
    }

    @Test
    void synthesizedQwen3MoeAndQwen2ModelsLoadAndGenerateReproducibly() throws Exception {
        for (String shape : new String[] {"tiny-qwen3moe", "tiny-qwen2"}) {
            Synthesizer.Shape s = Synthesizer.SHAPES.get(shape);
            GgufMetadata vocab = vocab(s.arch().equals("qwen2") ? "tiny-qwen2-q8_0" : "tiny-qwen3moe-q8_0");
            Path a = dir.resolve(shape + "-a.gguf"), b = dir.resolve(shape + "-b.gguf"), c = dir.resolve(shape + "-c.gguf");
            long size = Synthesizer.write(s, GgmlType.Q8_0, vocab, 7, 2, a);
            Synthesizer.write(s, GgmlType.Q8_0, vocab, 7, 1, b);
            Synthesizer.write(s, GgmlType.Q8_0, vocab, 8, 2, c);
            assertThat(Files.size(a)).isEqualTo(size);
            assertThat(Files.mismatch(a, b)).as("same seed, other thread count: the same bytes").isEqualTo(-1);
            int[] prompt = {9707, 11, 1879, 0};
            try (DecoderModel ma = Models.load(GgufFile.open(a)); DecoderModel mc = Models.load(GgufFile.open(c))) {
                Hyperparameters hp = ma.hyperparameters();
                assertThat(hp.arch()).isEqualTo(s.arch());
                assertThat(hp.layers()).isEqualTo(s.layers());
                assertThat(hp.vocab()).isEqualTo(151_936);
                assertThat(hp.experts()).isEqualTo(s.experts());
                assertThat(ma.tiedOutput()).isFalse();
                int[] first = greedy(ma, prompt, 8);
                assertThat(greedy(ma, prompt, 8)).containsExactly(first);
                Session sa = ma.newSession(pool, 8), sc = mc.newSession(pool, 8);
                sa.prefill(prompt, 0, 4, true);
                sc.prefill(prompt, 0, 4, true);
                assertThat(sa.logits()).as("another seed, other weights").isNotEqualTo(sc.logits());
                for (float v : sa.logits()) assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    @Test
    void everyKernelTypeCanBeSynthesizedAndRun() throws Exception {
        GgufMetadata vocab = vocab("tiny-qwen3moe-q8_0");
        // rows of 256 so that the K-quants fit
        Synthesizer.Shape s = new Synthesizer.Shape("qwen3moe", 2, 256, 2, 1, 128, 512, 4, 2, 256, 1e6f, 1e-6f, 512);
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            Path f = dir.resolve(t + ".gguf");
            Synthesizer.write(s, t, vocab, 1, 2, f);
            try (DecoderModel m = Models.load(GgufFile.open(f))) {
                assertThat(m.file().tensor("blk.1.ffn_down_exps.weight").type()).isEqualTo(t);
                assertThat(m.file().tensor("blk.1.ffn_gate_inp.weight").type()).isEqualTo(GgmlType.F32);
                assertThat(greedy(m, new int[] {1, 2, 3}, 3)).hasSize(3);
            }
            Files.delete(f);
        }
        assertThat(new Synthesizer.Shape("qwen3moe", 2, 64, 2, 1, 32, 128, 4, 2, 32, 1e6f, 1e-6f, 512).problem(GgmlType.Q4_K))
                .contains("blocks of 256");
    }

    /** A copy of the tiny qwen3moe model with its metadata or tensors changed. */
    private Path altered(Consumer<GgufWriter> metadata, String dropTensor) throws Exception {
        Path out = dir.resolve("altered.gguf");
        try (GgufFile f = GgufFile.open(SharedModels.model("tiny-qwen3moe-q8_0"))) {
            GgufWriter w = new GgufWriter();
            w.putAll(f.metadata());
            metadata.accept(w);
            for (GgufTensorInfo t : f.tensors()) {
                if (!t.name().equals(dropTensor)) w.addTensor(t.name(), t.type(), t.shape(), f.tensorData(t));
            }
            w.write(out);
        }
        return out;
    }

    private static String loadError(Path file) {
        try {
            Models.load(GgufFile.open(file)).close();
            return null;
        } catch (GgufException e) {
            return e.getMessage();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void brokenOrUnsupportedFilesGiveOneLineErrors() throws Exception {
        assertThat(loadError(altered(w -> { }, "blk.1.ffn_up_exps.weight"))).endsWith("tensor 'blk.1.ffn_up_exps.weight' is missing");
        assertThat(loadError(altered(w -> w.remove("qwen3moe.expert_count"), null))).endsWith("metadata key 'qwen3moe.expert_count' is missing");
        assertThat(loadError(altered(w -> w.putUInt32("qwen3moe.embedding_length", 128), null)))
                .endsWith("tensor 'token_embd.weight' has shape [64, 151936], expected [128, 151936] from the metadata");
        assertThat(loadError(altered(w -> w.putString("general.architecture", "llama"), null)))
                .endsWith("architecture 'llama' is not supported by the built-in engine (supported: qwen2, qwen3moe, deepseek2)");
        assertThat(loadError(altered(w -> w.putString("qwen3moe.rope.scaling.type", "yarn"), null))).contains("RoPE scaling 'yarn'");
        assertThatThrownBy(() -> Models.load(GgufFile.open(altered(w -> w.putUInt32("qwen3moe.attention.head_count_kv", 3), null))))
                .hasMessageContaining("not a multiple of 3 KV heads");
    }
}
