package sputnik.datasets.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The host directory one execution sees read-only as /task: the solution, and dataset code that must
 * run in the solution's namespace (prelude.py before it, setup.py after it), never the tests or the
 * expected outputs. Readable by the sandbox's unprivileged user; deleted on close.
 */
final class TaskDir implements AutoCloseable {

    private final Path dir;

    private TaskDir(Path dir) {
        this.dir = dir;
    }

    static TaskDir create(Program program) throws IOException {
        Path d = Files.createTempDirectory("sputnik-task-");
        try {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            write(d, "solution.py", program.solution());
            write(d, "prelude.py", program.prelude());
            write(d, "setup.py", program.setup());
            return new TaskDir(d);
        } catch (IOException | RuntimeException e) {
            DriverFiles.deleteTree(d);
            throw e;
        }
    }

    private static void write(Path dir, String name, String content) throws IOException {
        if (content == null) return;
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    }

    Path path() {
        return dir;
    }

    @Override
    public void close() {
        DriverFiles.deleteTree(dir);
    }
}
