package sputnik.datasets.sandbox;

import sputnik.harness.api.Verdict;

/**
 * How a candidate process ended, as the JVM saw it, and what that means for the verdict. A process
 * stopped at its CPU time limit or at the wall-clock backstop (see {@link TimeLimit}), or killed by
 * its own CPU rlimit (SIGKILL from RLIMIT_CPU, exit 137), timed out; one that said MemoryError
 * (RLIMIT_AS) hit the memory limit; one that flooded its output was stopped; any other end before the
 * tests finished, exit code 0 included, is a runtime error.
 */
record Ending(int exitCode, Timeout timeout, boolean outputOverflow, String stderr) {
    static final int SIGKILL_EXIT = 128 + 9;
    /** Not an exit code: the process was alive but no longer answering, and was killed. */
    static final int STOPPED_ANSWERING = -1;

    /** Which limit stopped the process, if one did. */
    enum Timeout { NONE, CPU, WALL }

    Judgement judgement(String when, TimeLimit limit) {
        String tail = tail(stderr, 2000);
        if (timeout == Timeout.CPU) return overCpu(when, limit);
        if (timeout == Timeout.WALL) return overWall(when, limit);
        if (outputOverflow) return Judgement.of(Verdict.RUNTIME_ERROR, "reason", "output limit exceeded " + when, "stderr", tail);
        if (stderr.contains("MemoryError") || stderr.contains("Cannot allocate memory")) {
            return Judgement.of(Verdict.MEMORY_LIMIT, "reason", "out of memory " + when, "stderr", tail);
        }
        if (exitCode == SIGKILL_EXIT) {
            return Judgement.of(Verdict.TIMEOUT, "reason", "killed at the CPU time limit " + when, "time_limit_ms", limit.cpuMillis());
        }
        if (exitCode == STOPPED_ANSWERING) {
            return Judgement.of(Verdict.RUNTIME_ERROR, "reason", "stopped answering the test driver " + when, "stderr", tail);
        }
        String how = exitCode > 128 ? "killed by signal " + (exitCode - 128) : "exited with code " + exitCode;
        return Judgement.of(Verdict.RUNTIME_ERROR, "reason", how + " " + when, "exit_code", exitCode, "stderr", tail);
    }

    /** Used more CPU time than the limit. */
    static Judgement overCpu(String when, TimeLimit limit) {
        return Judgement.of(Verdict.TIMEOUT, "reason", "over the CPU time limit of " + seconds(limit.cpuSeconds()) + at(when),
                "time_limit_ms", limit.cpuMillis());
    }

    /** Still running at the wall-clock backstop (or, where CPU time cannot be read, at the limit). */
    static Judgement overWall(String when, TimeLimit limit) {
        String reason = limit.cpuMeasured()
                ? "over the wall-clock limit of " + seconds(limit.wallMillis() / 1000.0) + at(when)
                        + " (the backstop to the CPU time limit of " + seconds(limit.cpuSeconds()) + ", for programs that wait)"
                : "over the time limit of " + seconds(limit.cpuSeconds()) + at(when) + " (wall clock: CPU time cannot be read here)";
        return Judgement.of(Verdict.TIMEOUT, "reason", reason, "time_limit_ms", limit.cpuMillis(), "wall_limit_ms", limit.wallMillis());
    }

    static String tail(String s, int max) {
        if (s == null || s.isEmpty()) return null;
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }

    private static String at(String when) {
        return when.isEmpty() ? "" : " " + when;
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? (long) s + " s" : s + " s";
    }
}
