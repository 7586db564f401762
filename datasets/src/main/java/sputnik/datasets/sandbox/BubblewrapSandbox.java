package sputnik.datasets.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Isolation with bubblewrap: every process tree gets fresh user, pid, network, IPC, UTS and cgroup
 * namespaces (so no network, no view of host processes, and no way to signal them), no capabilities,
 * a new session (no terminal injection), and a file system made of the read-only system directories,
 * the read-only driver and task directories, a minimal read-only /dev and a /proc of its own, and a
 * size-limited private /tmp (and /dev/shm) as the only writable places. The environment is empty: the launcher starts bwrap with
 * a cleared environment too, since a sandbox can read its init process's environment in /proc.
 * Started by root, the tree first drops to the unprivileged user nobody (setpriv), so that the
 * kernel counts its processes in a user namespace of its own and RLIMIT_NPROC holds.
 */
final class BubblewrapSandbox implements Sandbox {
    static final int NOBODY = 65534;
    private static final String DRIVER_MOUNT = "/sandbox";
    private static final String TASK_MOUNT = "/task";
    private static final String[] TOP_DIRS = {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};

    private final Path bwrap;
    private final Path setpriv;
    private final Path python;
    private final String pythonVersion;
    private final String bwrapVersion;
    private final SandboxLimits limits;

    BubblewrapSandbox(Path bwrap, Path setpriv, Path python, String pythonVersion, String bwrapVersion, SandboxLimits limits) {
        this.bwrap = bwrap;
        this.setpriv = setpriv;
        this.python = python;
        this.pythonVersion = pythonVersion;
        this.bwrapVersion = bwrapVersion;
        this.limits = limits;
    }

    @Override
    public Process start(String script, List<String> args, Path taskDir, Path stdinFile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(script, args, taskDir));
        pb.environment().clear();
        pb.redirectInput(stdinFile != null ? ProcessBuilder.Redirect.from(stdinFile.toFile()) : ProcessBuilder.Redirect.PIPE);
        return Spawner.start(pb);
    }

    List<String> command(String script, List<String> args, Path taskDir) {
        List<String> c = new ArrayList<>();
        if (setpriv != null) {
            c.addAll(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        c.add(bwrap.toString());
        c.addAll(List.of("--unshare-all", "--unshare-user", "--disable-userns", "--uid", "" + NOBODY, "--gid", "" + NOBODY,
                "--hostname", "sandbox", "--die-with-parent", "--new-session", "--cap-drop", "ALL"));
        c.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String d : TOP_DIRS) {
            Path p = Path.of(d);
            if (Files.isSymbolicLink(p)) {
                try {
                    c.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), d));
                } catch (IOException e) {
                    // unreadable link: leave it out
                }
            } else if (Files.isDirectory(p)) {
                c.addAll(List.of("--ro-bind", d, d));
            }
        }
        Path prefix = python.toAbsolutePath().getParent().getParent();
        if (!prefix.startsWith("/usr")) c.addAll(List.of("--ro-bind", prefix.toString(), prefix.toString()));
        c.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", "" + limits.tmpBytes(), "--tmpfs", "/tmp",
                "--size", "" + limits.tmpBytes() / 4, "--tmpfs", "/dev/shm"));
        c.addAll(List.of("--ro-bind", DriverFiles.dir().toString(), DRIVER_MOUNT));
        if (taskDir != null) c.addAll(List.of("--ro-bind", taskDir.toString(), TASK_MOUNT));
        // bwrap's root and /dev are tmpfs without a size limit, writable: made read-only once every
        // mount point exists, so that /tmp and /dev/shm (both size-limited) are the only writable places.
        c.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/"));
        c.addAll(List.of("--chdir", "/tmp", "--clearenv"));
        for (String[] kv : Interpreter.ENVIRONMENT) c.addAll(List.of("--setenv", kv[0], kv[1]));
        c.add("--");
        c.add(python.toString());
        c.addAll(Interpreter.FLAGS);
        c.add(DRIVER_MOUNT + "/" + script);
        c.addAll(args);
        return c;
    }

    @Override
    public String rlimits(int cpuSeconds) {
        return limits.rlimitSpec(cpuSeconds, true);
    }

    @Override
    public String taskMount(Path taskDir) {
        return TASK_MOUNT;
    }

    @Override
    public String description() {
        return "bubblewrap " + bwrapVersion + " (user, pid, network, ipc, uts, cgroup namespaces; read-only system;"
                + " private /tmp; no environment" + (setpriv != null ? "; runs as nobody" : "") + ")";
    }

    @Override
    public boolean isolated() {
        return true;
    }

    @Override
    public String python() {
        return python + " (" + pythonVersion + ")";
    }
}
