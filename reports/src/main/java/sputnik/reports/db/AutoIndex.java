package sputnik.reports.db;

import java.io.PrintStream;
import sputnik.harness.report.RunRecordedHook;
import sputnik.harness.report.RunReport;

/**
 * Indexes each run that {@code run}, {@code grade} or {@code compare} records, when a results
 * database is configured ($SPUTNIK_DB). A failure is the caller's warning: the run directory stands,
 * and {@code sputnik db index} can load it later.
 */
public final class AutoIndex implements RunRecordedHook {
    @Override
    public boolean active() {
        return DbLocation.configured();
    }

    @Override
    public void recorded(RunReport run, PrintStream err) throws Exception {
        err.println(index(run));
    }

    /** Indexes the run into the configured database; the line to tell the user. */
    public static String index(RunReport run) throws Exception {
        ResultsDb db = ResultsDb.open(DbLocation.resolve(null));
        RunIndexer.Indexed i = RunIndexer.index(db, run, false);
        return "sputnik: indexed " + run.dir() + " into " + db.location().display() + " (" + i.samples() + " samples, key " + i.runKey() + ")";
    }
}
