package sputnik.datasets.math;

/** Thrown when a comparison runs past one of its {@link MathLimits}; it becomes "not equivalent". */
final class BudgetExceeded extends RuntimeException {
    BudgetExceeded(String what) {
        super(what, null, false, false);
    }
}
