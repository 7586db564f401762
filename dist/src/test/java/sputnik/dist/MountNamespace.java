package sputnik.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell script in a private user and mount namespace (util-linux {@code unshare}), where it may
 * mount a small or read-only tmpfs: a real full disk or read-only file system for one test, visible to
 * nothing else and gone when the script ends. Tests skip, saying why, where the kernel or the container
 * does not allow unprivileged namespaces.
 */
final class MountNamespace {
    private MountNamespace() {}

    private static volatile String unavailable;
    private static volatile boolean probed;

    /** Null when namespaces with tmpfs mounts work here, else why not. */
    static synchronized String whyUnavailable(Path scratch) {
        if (probed) return unavailable;
        probed = true;
        try {
            Path mnt = Files.createDirectories(scratch.resolve("probe"));
            Result r = run("mount -t tmpfs -o size=64k tmpfs \"$1\" && touch \"$1/x\"", List.of(mnt.toString()), 30);
            if (r.exit() != 0) unavailable = "cannot mount a tmpfs in a user namespace here (unshare --user --map-root-user --mount): " + r.output().strip();
        } catch (IOException | InterruptedException e) {
            unavailable = "cannot run unshare (util-linux): " + e.getMessage();
        }
        return unavailable;
    }

    record Result(int exit, String output) {}

    static Result run(String script, List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }
}
