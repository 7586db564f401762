package sputnik.harness.report;

import java.io.PrintStream;

/**
 * Told about each run a command has just recorded ({@code run}, {@code grade}); found with
 * {@link java.util.ServiceLoader}. The reports module's results database indexes the run when a
 * database is configured. A hook's failure never fails the command: the run directory is the record.
 */
public interface RunRecordedHook {
    /** Whether the hook wants runs now (e.g. a database is configured): asked before a run is loaded for it. */
    boolean active();

    /** Takes the run; says on {@code err} what it did. */
    void recorded(RunReport run, PrintStream err) throws Exception;
}
