package sputnik.reports.suite;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import sputnik.harness.api.Suite;
import sputnik.harness.plugin.SuiteOptions;

/**
 * A run's suite loaded again on this machine, for what a run directory does not keep (problem text,
 * metadata): offline only (a report or a page view never downloads), and only the data the run used
 * (same dataset SHA-256). Loaded once per suite and template.
 */
public final class SuiteData {
    /** The suite, or why it is not available here. */
    public record Loaded(Suite suite, String why) {}

    private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();

    private SuiteData() {}

    public static Loaded of(String suite, String template, String datasetSha256) {
        Loaded l = CACHE.computeIfAbsent(suite + "\n" + template, k -> load(suite, template));
        if (l.suite() != null && !l.suite().datasetSha256().equals(datasetSha256)) {
            return new Loaded(null, "the " + suite + " data on this machine is another version (dataset SHA-256 " + l.suite().datasetSha256()
                    + ", the run's " + datasetSha256 + ")");
        }
        return l;
    }

    private static Loaded load(String suite, String template) {
        try {
            SuiteOptions offline = CommandLine.populateCommand(new SuiteOptions(), "--offline");
            return new Loaded(offline.load(suite, template), null);
        } catch (Exception e) {
            return new Loaded(null, "the " + suite + " suite could not be loaded here (" + e.getMessage() + ")");
        }
    }
}
