package sputnik.datasets.code;

/**
 * A reference solution's time: the best of several runs, in CPU seconds ({@code cpu} true) or, where
 * CPU time cannot be read, wall-clock seconds; or, when {@code failure} is set, why it has none. A
 * failure of the sandbox ({@code sandboxFailed}) is the grader's, not the dataset's: it is not kept,
 * and the reference is measured again next time.
 */
record ReferenceTime(double seconds, boolean cpu, String failure, boolean sandboxFailed) {

    static ReferenceTime measured(double seconds, boolean cpu) {
        return new ReferenceTime(seconds, cpu, null, false);
    }

    /** The reference solution itself fails its tests (or runs past the measuring limit): no limit can be based on it. */
    static ReferenceTime failed(String why, boolean cpu) {
        return new ReferenceTime(Double.NaN, cpu, why, false);
    }

    static ReferenceTime sandboxFailed(String why, boolean cpu) {
        return new ReferenceTime(Double.NaN, cpu, why, true);
    }

    boolean usable() {
        return failure == null;
    }

    /** "CPU time" or "wall-clock time", for the verdicts' detail. */
    String clock() {
        return cpu ? "CPU time" : "wall-clock time";
    }
}
