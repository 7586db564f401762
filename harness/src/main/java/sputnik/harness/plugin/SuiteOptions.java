package sputnik.harness.plugin;

import java.io.IOException;
import java.nio.file.Files;
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
            description = "Directory holding the datasets (default: $SPUTNIK_DATA, then ../shared beside the checkout, then the cache, then download).")
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
        return new SuiteContext(data, UserCache.dir().resolve("datasets"), offline, templateOverride != null ? templateOverride : prompt,
                sharedDir());
    }

    /**
     * The {@code shared} folder beside the checkout, where CI and machines without network keep a mirror of the
     * data ({@code shared/datasets}, {@code shared/recorded}): the launcher passes it as {@code -Dsputnik.shared};
     * null when it does not exist.
     */
    public static Path sharedDir() {
        String s = System.getProperty("sputnik.shared");
        if (s == null || s.isBlank()) return null;
        Path p = Path.of(s).toAbsolutePath().normalize();
        return Files.isDirectory(p) ? p : null;
    }

    public Suite load(String name, String template) throws UsageException, IOException {
        return Plugins.suites().get(name).provider().load(name, context(template));
    }
}
