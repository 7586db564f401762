package sputnik.datasets.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --unsafe-no-sandbox}: Python runs on the host as the user running Sputnik, with an empty
 * environment, a scratch working directory and the resource limits, but with the user's files and
 * network within reach. Only for machines where nothing is worth protecting; every record says so.
 */
final class UnsafeHostSandbox implements Sandbox {
    private final Path python;
    private final String pythonVersion;
    private final SandboxLimits limits;

    UnsafeHostSandbox(Path python, String pythonVersion, SandboxLimits limits) {
        this.python = python;
        this.pythonVersion = pythonVersion;
        this.limits = limits;
    }

    @Override
    public Process start(String script, List<String> args, Path taskDir, Path stdinFile) throws IOException {
        Path scratch = Files.createTempDirectory("sputnik-unsafe-");
        List<String> c = new ArrayList<>();
        c.add(python.toString());
        c.addAll(Interpreter.FLAGS);
        c.add(DriverFiles.dir().resolve(script).toString());
        c.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(c).directory(scratch.toFile());
        pb.environment().clear();
        for (String[] kv : Interpreter.ENVIRONMENT) pb.environment().put(kv[0], kv[1]);
        pb.environment().put("HOME", scratch.toString());
        pb.environment().put("TMPDIR", scratch.toString());
        pb.redirectInput(stdinFile != null ? ProcessBuilder.Redirect.from(stdinFile.toFile()) : ProcessBuilder.Redirect.PIPE);
        Process p = Spawner.start(pb);
        p.onExit().thenRun(() -> DriverFiles.deleteTree(scratch));
        return p;
    }

    @Override
    public String rlimits(int cpuSeconds) {
        return limits.rlimitSpec(cpuSeconds, false);
    }

    @Override
    public String taskMount(Path taskDir) {
        return taskDir.toString();
    }

    @Override
    public String description() {
        return "none: UNSAFE (--unsafe-no-sandbox): model-written code ran on the host without isolation";
    }

    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public String python() {
        return python + " (" + pythonVersion + ")";
    }
}
