package sputnik.datasets.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Python side of the sandbox (codec.py, candidate.py, tester.py), copied once per JVM from the
 * class path into a world-readable temporary directory that every sandbox mounts read-only, and
 * removed when the JVM exits. World-readable because the sandbox runs as an unprivileged user.
 */
final class DriverFiles {
    private DriverFiles() {}

    static final String[] FILES = {"codec.py", "candidate.py", "candidate_driver.py", "tester.py"};
    private static final java.util.Set<Path> compiledFor = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static volatile Path dir;

    static Path dir() {
        Path d = dir;
        if (d != null) return d;
        synchronized (DriverFiles.class) {
            if (dir == null) dir = extract();
            return dir;
        }
    }

    private static Path extract() {
        try {
            Path d = Files.createTempDirectory("sputnik-sandbox-driver-");
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String f : FILES) {
                try (InputStream in = DriverFiles.class.getResourceAsStream("/sputnik/sandbox/" + f)) {
                    if (in == null) throw new IllegalStateException("sandbox driver " + f + " is missing from the class path");
                    Path target = d.resolve(f);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(d), "sputnik-sandbox-cleanup"));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sandbox driver files to the temporary directory", e);
        }
    }

    /**
     * Compiles the driver modules to bytecode with the interpreter the sandboxes use, once: every
     * execution starts a fresh interpreter, and importing from __pycache__ saves it compiling the
     * driver each time. Best effort: without the bytecode the sandbox compiles the source.
     */
    static void precompile(Path python) {
        if (!compiledFor.add(python)) return;
        Path d = dir();
        try {
            ProcessBuilder pb = new ProcessBuilder(python.toString(), "-S", "-c",
                    "import py_compile, sys\nfor f in sys.argv[1:]: py_compile.compile(f, doraise=True)",
                    d.resolve("codec.py").toString(), d.resolve("candidate_driver.py").toString(), d.resolve("tester.py").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            Process p = pb.start();
            if (p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0) {
                try (Stream<Path> all = Files.walk(d)) {
                    for (Path f : (Iterable<Path>) all::iterator) {
                        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            } else {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // the sources are still there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temporary file left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
