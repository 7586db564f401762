package sputnik.datasets.math;

/** An answer that is not math this parser understands; the comparison then says why, and is "not equivalent". */
final class ParseException extends Exception {
    ParseException(String message) {
        super(message, null, false, false);
    }
}
