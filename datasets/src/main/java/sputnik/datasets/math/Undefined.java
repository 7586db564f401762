package sputnik.datasets.math;

/**
 * An expression with no value at the point evaluated (division by zero, 0^-1, a factorial of a
 * fraction, a tuple used as a number). When sampling variables such a point is skipped; for a constant
 * answer it makes the comparison fail.
 */
final class Undefined extends Exception {
    Undefined(String message) {
        super(message, null, false, false);
    }
}
