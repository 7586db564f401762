package sputnik.engines.builtin.gguf;

/**
 * A GGUF file that cannot be used as it is: truncated, not GGUF, an unsupported version, an unknown
 * tensor type, a tensor out of bounds or misaligned, a missing or mistyped metadata key. The message is
 * one line that names the file and what is wrong with it, fit to show a user as it is (the CLI turns it
 * into a usage error, exit code 2). Unchecked, so that metadata accessors stay convenient.
 */
public final class GgufException extends RuntimeException {
    public GgufException(String message) {
        super(message);
    }

    public GgufException(String message, Throwable cause) {
        super(message, cause);
    }
}
