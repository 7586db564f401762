package sputnik.harness.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import sputnik.harness.api.EngineProvider;
import sputnik.harness.api.Grader;
import sputnik.harness.api.SuiteInfo;
import sputnik.harness.api.SuiteProvider;
import sputnik.harness.report.ReportWriter;

/**
 * Everything installed on the class path, found with {@link ServiceLoader}: the harness itself names
 * no engine, suite or grader. Engine providers are created afresh on each call because the CLI binds
 * their option fields per invocation.
 */
public final class Plugins {
    private Plugins() {}

    public static Registry<EngineProvider> engines() {
        List<Named<EngineProvider>> list = new ArrayList<>();
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            list.add(new Named<>(p.name(), p.description(), p));
        }
        return new Registry<>("engine", list);
    }

    public static Registry<Grader> graders() {
        List<Named<Grader>> list = new ArrayList<>();
        for (Grader g : ServiceLoader.load(Grader.class)) list.add(new Named<>(g.name(), g.description(), g));
        return new Registry<>("grader", list);
    }

    /** Suites by name, each paired with the provider that loads it. */
    public static Registry<SuiteEntry> suites() {
        List<Named<SuiteEntry>> list = new ArrayList<>();
        for (SuiteProvider p : ServiceLoader.load(SuiteProvider.class)) {
            for (SuiteInfo info : p.suites()) list.add(new Named<>(info.name(), info.description(), new SuiteEntry(info, p)));
        }
        return new Registry<>("suite", list);
    }

    public static Registry<ReportWriter> reportWriters() {
        List<Named<ReportWriter>> list = new ArrayList<>();
        for (ReportWriter w : ServiceLoader.load(ReportWriter.class)) list.add(new Named<>(w.name(), w.description(), w));
        return new Registry<>("report format", list);
    }

    /** The hooks told about each recorded run (the results database's indexer). */
    public static List<sputnik.harness.report.RunRecordedHook> runRecordedHooks() {
        List<sputnik.harness.report.RunRecordedHook> list = new ArrayList<>();
        for (var h : ServiceLoader.load(sputnik.harness.report.RunRecordedHook.class)) list.add(h);
        return list;
    }

    public record SuiteEntry(SuiteInfo info, SuiteProvider provider) {}
}
