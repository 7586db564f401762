package sputnik.datasets.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the Python side of the graders: a driver {@code script} (candidate.py or tester.py) with
 * {@code args}, seeing {@code taskDir} read-only (or no task at all, when null) at
 * {@link #taskMount}, with its stdin read from {@code stdinFile} (or a pipe, when null).
 */
public interface Sandbox {

    Process start(String script, List<String> args, Path taskDir, Path stdinFile) throws IOException;

    /** The hard resource limits candidate.py sets on itself before the solution starts (see {@link SandboxLimits}). */
    String rlimits(int cpuSeconds);

    /** The path the started programs see the task directory at. */
    String taskMount(Path taskDir);

    /** What isolation this is, for run.json and the reports. */
    String description();

    /** False only for the unsafe host mode ({@code --unsafe-no-sandbox}). */
    boolean isolated();

    /** The interpreter, e.g. "/usr/bin/python3 (Python 3.11.2)": its version can change verdicts. */
    String python();
}
