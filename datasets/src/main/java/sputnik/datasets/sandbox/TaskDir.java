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
        TaskDir t = empty();
        try {
            t.write(program);
            return t;
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /** A task directory with nothing in it yet: a sandbox can be started on it before the program is known. */
    static TaskDir empty() throws IOException {
        Path d = Files.createTempDirectory("sputnik-task-");
        try {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new TaskDir(d);
        } catch (IOException | RuntimeException e) {
            DriverFiles.deleteTree(d);
            throw e;
        }
    }

    /** Writes the program's files; the sandbox sees them at once through its read-only bind mount. */
    void write(Program program) throws IOException {
        write(dir, "solution.py", program.solution());
        write(dir, "prelude.py", program.prelude());
        write(dir, "setup.py", program.setup());
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
