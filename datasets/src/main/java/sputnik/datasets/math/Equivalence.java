package sputnik.datasets.math;

/**
 * The outcome of comparing two answers.
 *
 * @param equivalent whether the answers are mathematically the same answer
 * @param reason     why, in words, for a grade's detail ("equal exactly: 1/2", "differ at x=3/7",
 *                   "could not parse predicted: ...", "budget exceeded: ...")
 */
public record Equivalence(boolean equivalent, String reason) {

    static Equivalence yes(String reason) {
        return new Equivalence(true, reason);
    }

    static Equivalence no(String reason) {
        return new Equivalence(false, reason);
    }
}
