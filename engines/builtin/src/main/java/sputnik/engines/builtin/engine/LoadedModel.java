package sputnik.engines.builtin.engine;

import java.nio.file.Path;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.model.DecoderModel;
import sputnik.engines.builtin.architectures.Models;
import sputnik.engines.builtin.parallel.WorkerPool;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.api.UsageException;

/** A --model file opened for a command: the model and its tokenizer; every problem with the file is a one-line usage error. */
public record LoadedModel(DecoderModel model, Tokenizer tokenizer) implements AutoCloseable {
    public static LoadedModel open(Path path) throws UsageException {
        return open(path, false);
    }

    /** The same; with {@code noRepack} every matrix is read in place from the mapped file (see {@link Models#load(GgufFile, boolean)}). */
    public static LoadedModel open(Path path, boolean noRepack) throws UsageException {
        GgufFile file = ModelFiles.open(path);
        try {
            Tokenizer tokenizer = Tokenizer.from(file);
            return new LoadedModel(Models.load(file, noRepack), tokenizer);
        } catch (GgufException e) {
            file.close();
            throw new UsageException(e.getMessage(), e);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The --threads value checked: at least 1; null means every core. */
    public static int threads(Integer threads) throws UsageException {
        if (threads == null) return WorkerPool.defaultThreads();
        if (threads < 1) throw new UsageException("--threads must be at least 1, got " + threads);
        return threads;
    }

    @Override
    public void close() {
        model.close();
    }
}
