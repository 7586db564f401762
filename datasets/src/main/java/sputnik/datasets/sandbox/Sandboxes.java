package sputnik.datasets.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import sputnik.harness.api.UsageException;

/**
 * Finds a way to run model-written code: bubblewrap when it is installed and can create namespaces
 * here (checked by starting a real sandbox), else the unsafe host mode if the user asked for it, else
 * a usage error saying what to install. The interpreter is {@code $SPUTNIK_PYTHON} or
 * /usr/bin/python3; bwrap and setpriv are looked up on the PATH ({@code -Dsputnik.sandbox.bwrap}
 * overrides bwrap, for tests).
 */
public final class Sandboxes {
    private Sandboxes() {}

    public static Sandbox open(boolean unsafeNoSandbox, SandboxLimits limits) throws UsageException {
        Path python = python();
        String version = pythonVersion(python);
        DriverFiles.precompile(python);
        Found found = bubblewrap(python, version, limits);
        if (found.sandbox() != null) return found.sandbox();
        if (unsafeNoSandbox) return new UnsafeHostSandbox(python, version, limits);
        throw new UsageException(found.reason() + ", or pass --unsafe-no-sandbox to run it on this machine without isolation");
    }

    /**
     * Why model-written code cannot run isolated here (what to install or to allow), or null when it
     * can: for tests, which are skipped where it cannot.
     */
    public static String unavailable() {
        try {
            Path python = python();
            return bubblewrap(python, pythonVersion(python), SandboxLimits.defaults()).reason();
        } catch (UsageException e) {
            return e.getMessage();
        }
    }

    /** A working bubblewrap sandbox, or why there is none. */
    private record Found(BubblewrapSandbox sandbox, String reason) {}

    private static Found bubblewrap(Path python, String version, SandboxLimits limits) {
        Path bwrap = bwrap();
        if (bwrap == null) {
            return new Found(null, "bubblewrap (bwrap) is not installed, so model-written code cannot be isolated: install it"
                    + " (apt-get install bubblewrap)");
        }
        Path setpriv = isRoot() ? onPath("setpriv") : null;
        BubblewrapSandbox sandbox = new BubblewrapSandbox(bwrap, setpriv, python, version, bwrapVersion(bwrap), limits);
        String failure = probe(sandbox);
        if (failure == null) return new Found(sandbox, null);
        return new Found(null, "bubblewrap cannot create a sandbox on this machine (" + failure + "): allow unprivileged user"
                + " namespaces (sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu"
                + " kernel.apparmor_restrict_unprivileged_userns=0)");
    }

    static Path python() throws UsageException {
        String env = System.getenv("SPUTNIK_PYTHON");
        Path p = Path.of(env != null && !env.isBlank() ? env : "/usr/bin/python3");
        if (!Files.isExecutable(p)) {
            throw new UsageException("no Python 3 interpreter at " + p + " to run model-written code: install one"
                    + " (apt-get install python3) or point SPUTNIK_PYTHON at it");
        }
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath();
        }
    }

    private static String pythonVersion(Path python) throws UsageException {
        String v = output(List.of(python.toString(), "-S", "-c", "import sys; print('Python', sys.version.split()[0])"));
        if (v == null || !v.startsWith("Python 3")) {
            throw new UsageException(python + " is not a working Python 3 interpreter: point SPUTNIK_PYTHON at one");
        }
        return v;
    }

    private static Path bwrap() {
        String forced = System.getProperty("sputnik.sandbox.bwrap");
        if (forced != null) return Files.isExecutable(Path.of(forced)) ? Path.of(forced) : null;
        return onPath("bwrap");
    }

    private static String bwrapVersion(Path bwrap) {
        String v = output(List.of(bwrap.toString(), "--version"));
        return v == null ? "(unknown version)" : v.replaceFirst("^bubblewrap\\s*", "");
    }

    /** Starts a real sandbox (the tester, which exits at end of input): null when it works, else why not. */
    private static String probe(Sandbox sandbox) {
        try {
            Process p = sandbox.start("tester.py", List.of(), null, null);
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "a trial sandbox did not finish in 20 s";
            }
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() == 0) return null;
            String first = err.isEmpty() ? "exit code " + p.exitValue() : err.lines().findFirst().orElse(err);
            return first.length() > 200 ? first.substring(0, 200) + "..." : first;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
        } catch (IOException e) {
            // not Linux, or no /proc: then not root for our purposes
        }
        return false;
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        String dirs = (path == null ? "" : path) + ":/usr/bin:/bin:/usr/sbin:/sbin";
        for (String d : dirs.split(":")) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static String output(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().clear();
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(4096);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
