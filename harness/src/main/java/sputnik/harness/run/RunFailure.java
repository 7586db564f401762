package sputnik.harness.run;

/**
 * A run that had to stop because it could not write its records (a full disk, a file system that went
 * read-only). The message is one line naming the file and the cause and saying what to do; what was
 * recorded before stays on disk and the same command resumes from it.
 */
public final class RunFailure extends Exception {
    public RunFailure(String message) {
        super(message);
    }
}
