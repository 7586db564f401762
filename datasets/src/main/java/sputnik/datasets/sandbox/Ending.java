package sputnik.datasets.sandbox;

import sputnik.harness.api.Verdict;

/**
 * How a candidate process ended, as the JVM saw it, and what that means for the verdict. A process
 * killed at the wall-clock deadline, or by the CPU-time limit (SIGKILL from RLIMIT_CPU, exit 137),
 * timed out; one that said MemoryError (RLIMIT_AS) hit the memory limit; one that flooded its output
 * was stopped; any other end before the tests finished, exit code 0 included, is a runtime error.
 */
record Ending(int exitCode, boolean timedOut, boolean outputOverflow, String stderr) {
    static final int SIGKILL_EXIT = 128 + 9;
    /** Not an exit code: the process was alive but no longer answering, and was killed. */
    static final int STOPPED_ANSWERING = -1;

    Judgement judgement(String when, double limitSeconds) {
        String tail = tail(stderr, 2000);
        if (timedOut) {
            return Judgement.of(Verdict.TIMEOUT, "reason", "over the time limit of " + seconds(limitSeconds) + " " + when,
                    "time_limit_s", limitSeconds);
        }
        if (outputOverflow) return Judgement.of(Verdict.RUNTIME_ERROR, "reason", "output limit exceeded " + when, "stderr", tail);
        if (stderr.contains("MemoryError") || stderr.contains("Cannot allocate memory")) {
            return Judgement.of(Verdict.MEMORY_LIMIT, "reason", "out of memory " + when, "stderr", tail);
        }
        if (exitCode == SIGKILL_EXIT) {
            return Judgement.of(Verdict.TIMEOUT, "reason", "killed at the CPU time limit " + when, "time_limit_s", limitSeconds);
        }
        if (exitCode == STOPPED_ANSWERING) {
            return Judgement.of(Verdict.RUNTIME_ERROR, "reason", "stopped answering the test driver " + when, "stderr", tail);
        }
        String how = exitCode > 128 ? "killed by signal " + (exitCode - 128) : "exited with code " + exitCode;
        return Judgement.of(Verdict.RUNTIME_ERROR, "reason", how + " " + when, "exit_code", exitCode, "stderr", tail);
    }

    static String tail(String s, int max) {
        if (s == null || s.isEmpty()) return null;
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? (long) s + " s" : s + " s";
    }
}
