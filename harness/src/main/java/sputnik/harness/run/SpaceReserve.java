package sputnik.harness.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Disk space a run sets aside so that it can still close its records when the disk fills up. A run that
 * meets "No space left on device" stops; to say so in run.json (the session ended as failed) it has to
 * write run.json once more, which needs space the disk no longer has. The run claims that space at the
 * start, as a file of real (not sparse) blocks, and gives it back for the last write.
 */
final class SpaceReserve implements AutoCloseable {
    static final String FILE = ".space-reserve";
    /** Far more than run.json needs (a few KiB; tens for thousands of problems) and small beside any disk. */
    static final int BYTES = 256 * 1024;

    private final Path file;

    private SpaceReserve(Path file) {
        this.file = file;
    }

    /** Claims the space, or fails with the disk's own reason (then nothing is reserved or left behind). */
    static SpaceReserve claim(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        try {
            if (!Files.exists(f) || Files.size(f) < BYTES) Files.write(f, new byte[BYTES]);
        } catch (IOException e) {
            Files.deleteIfExists(f);
            throw e;
        }
        return new SpaceReserve(f);
    }

    /** Gives the space back (idempotent). */
    void release() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing to give back then; the write that needed it will say what failed
        }
    }

    @Override
    public void close() {
        release();
    }
}
