package sputnik.harness.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import sputnik.harness.registry.Plugins;
import sputnik.harness.report.RunRecordedHook;
import sputnik.harness.report.RunReport;
import sputnik.harness.report.RunReports;

/** Tells the installed {@link RunRecordedHook}s about a run just recorded; their failures are warnings, never the command's. */
final class RecordedHooks {
    private RecordedHooks() {}

    static void after(Path dir, PrintStream err) {
        List<RunRecordedHook> active = Plugins.runRecordedHooks().stream().filter(RunRecordedHook::active).toList();
        if (active.isEmpty()) return;
        RunReport r;
        try {
            r = RunReports.load(dir);
        } catch (Exception e) {
            err.println("sputnik: warning: could not read " + dir + " back to index it: " + e.getMessage());
            return;
        }
        tell(active, r, err);
    }

    static void after(RunReport r, PrintStream err) {
        tell(Plugins.runRecordedHooks().stream().filter(RunRecordedHook::active).toList(), r, err);
    }

    private static void tell(List<RunRecordedHook> hooks, RunReport r, PrintStream err) {
        for (RunRecordedHook h : hooks) {
            try {
                h.recorded(r, err);
            } catch (Exception e) {
                err.println("sputnik: warning: " + e.getMessage() + " (the run directory " + r.dir() + " is complete as it is)");
            }
        }
    }
}
