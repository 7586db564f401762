package sputnik.datasets.math;

/**
 * The running tally of one comparison against its {@link MathLimits}: a deadline checked in every loop
 * of the parser, evaluator and comparator, and a count of tree nodes built. One instance per
 * comparison, never shared between threads.
 */
final class Budget {

    private final MathLimits limits;
    private final long deadlineNanos;
    private int nodes;

    Budget(MathLimits limits) {
        this.limits = limits;
        this.deadlineNanos = System.nanoTime() + limits.deadline().toNanos();
    }

    MathLimits limits() {
        return limits;
    }

    /** Called in every loop and recursion step; cheap enough (one nanoTime) to call often. */
    void check() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new BudgetExceeded("deadline of " + limits.deadline().toMillis() + " ms exceeded");
        }
    }

    void node() {
        if (++nodes > limits.maxNodes()) throw new BudgetExceeded("more than " + limits.maxNodes() + " expression nodes");
        check();
    }

    /** Restarts the node count for the second answer: the limit is per answer, the deadline is shared. */
    void resetNodes() {
        nodes = 0;
    }
}
