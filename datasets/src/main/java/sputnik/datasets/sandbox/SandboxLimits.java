package sputnik.datasets.sandbox;

/**
 * Resource limits of one sandboxed execution. Memory is the address space (RLIMIT_AS) of each process;
 * processes count within the sandbox's own user namespace (RLIMIT_NPROC), so a fork bomb stops there
 * whatever else runs on the host; the private /tmp is a tmpfs of {@code tmpBytes}; output beyond
 * {@code outputBytes} on stdout (or in one protocol message) ends the execution.
 */
public record SandboxLimits(
        long memoryBytes, int processes, long fileBytes, int openFiles, long tmpBytes, int outputBytes, int stderrBytes) {

    public static SandboxLimits defaults() {
        return new SandboxLimits(2L << 30, 64, 64L << 20, 256, 64L << 20, 16 << 20, 64 << 10);
    }

    /**
     * The rlimit list candidate.py applies to itself before the solution starts; {@code cpuSeconds} is a
     * backstop to the wall clock. RLIMIT_NPROC only when the process has a user namespace of its own:
     * on the host it would count every process of the user.
     */
    String rlimitSpec(int cpuSeconds, boolean ownUserNamespace) {
        return "as=" + memoryBytes + ",cpu=" + cpuSeconds + (ownUserNamespace ? ",nproc=" + processes : "")
                + ",fsize=" + fileBytes + ",nofile=" + openFiles + ",core=0";
    }
}
