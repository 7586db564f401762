package sputnik.datasets.sandbox;

/**
 * A program's time limit, as judges set it: CPU time of the sandbox's whole process tree, which other
 * programs on the machine do not change, and a wall-clock backstop for programs that wait rather than
 * compute (sleep, a blocked read). The backstop is generous (three times the CPU limit) so that a
 * program within its CPU limit is not cut off because the machine is busy; it still stops a program
 * that sleeps for long (HumanEval's own example that sleeps 10 s against 3 s). Where CPU time cannot be read ({@link #cpuMeasured} false) the wall clock is
 * the limit, at the CPU limit, as it was before CPU time was used.
 */
public record TimeLimit(long cpuMillis, long wallMillis, boolean cpuMeasured) {
    /** The wall-clock backstop, as a multiple of the CPU time limit. */
    public static final int WALL_FACTOR = 3;

    /** The limit for {@code cpuMillis} of CPU time on this machine. */
    public static TimeLimit of(long cpuMillis) {
        boolean cpu = ProcessTreeCpu.available();
        return new TimeLimit(cpuMillis, cpu ? WALL_FACTOR * cpuMillis : cpuMillis, cpu);
    }

    /** Whether CPU time is what this machine's limits are judged on (false: the wall clock, /proc being unreadable). */
    public static boolean cpuTimeAvailable() {
        return ProcessTreeCpu.available();
    }

    double cpuSeconds() {
        return cpuMillis / 1000.0;
    }
}
