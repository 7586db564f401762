package sputnik.engines.builtin.engine;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.harness.api.UsageException;

/** Opening a --model file for a command: every problem with the file is a one-line usage error (exit 2). */
public final class ModelFiles {
    private ModelFiles() {}

    public static GgufFile open(Path model) throws UsageException {
        if (Files.isDirectory(model)) throw new UsageException("--model " + model + " is a directory, not a GGUF file");
        try {
            return GgufFile.open(model);
        } catch (NoSuchFileException e) {
            throw new UsageException("--model " + model + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UsageException("--model " + model + ": permission denied");
        } catch (GgufException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UsageException("--model " + model + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
