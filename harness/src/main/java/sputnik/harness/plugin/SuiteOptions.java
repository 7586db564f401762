package sputnik.harness.plugin;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.UsageException;
import sputnik.harness.registry.Plugins;
import sputnik.harness.util.UserCache;

/**
 * Where suites come from: shared by the commands that load a suite (public so that plug-in commands,
 * such as {@code loadtest}, take the same flags as {@code run}).
 */
public final class SuiteOptions {
    @Option(names = "--suite", paramLabel = "NAME", description = "Suite to run (see 'sputnik suites').")
    String suite;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory holding the datasets (default: $SPUTNIK_DATA, then the cache, then download).")
    Path dataDir;

    @Option(names = "--offline", description = "Never download: use --data-dir or the cache only.")
    boolean offline;

    @Option(names = "--prompt", paramLabel = "TEMPLATE", description = "Prompt template (default: the suite's; see 'sputnik suites').")
    String prompt;

    /** The {@code --suite} value, or null when none was given. */
    public String suite() {
        return suite;
    }

    public SuiteContext context(String templateOverride) {
        Path data = dataDir;
        if (data == null && System.getenv("SPUTNIK_DATA") != null) data = Path.of(System.getenv("SPUTNIK_DATA"));
        Path cache = UserCache.dir().resolve("datasets");
        return new SuiteContext(data, cache, offline, templateOverride != null ? templateOverride : prompt);
    }

    public Suite load(String name, String template) throws UsageException, IOException {
        return Plugins.suites().get(name).provider().load(name, context(template));
    }
}
