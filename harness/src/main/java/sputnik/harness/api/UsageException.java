package sputnik.harness.api;

/**
 * A problem the user can fix (unknown name, bad flag value, missing or malformed file). The CLI
 * prints its message as one line and exits with code 2.
 */
public class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
