package sputnik.harness.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import picocli.CommandLine.Option;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.SuiteProvider;
import sputnik.harness.api.UsageException;
import sputnik.harness.registry.Plugins;
import sputnik.harness.util.UserCache;

/**
 * Where suites come from: shared by the commands that load a suite (public so that plug-in commands,
 * such as {@code loadtest}, take the same flags as {@code run}).
 */
public final class SuiteOptions {
    @Option(names = "--suite", paramLabel = "NAME|FILE",
            description = "Suite to run: a name (see 'sputnik suites') or a suite file (path/to/suite.yaml; the README's 'Suite files' says how to write one).")
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

    /** Loads the suite {@code nameOrFile} names: an installed suite's name, or a suite file's path. */
    public Suite load(String nameOrFile, String template) throws UsageException, IOException {
        if (!isFile(nameOrFile)) return Plugins.suites().get(nameOrFile).provider().load(nameOrFile, context(template));
        Path file = Path.of(nameOrFile).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) throw new UsageException("suite file " + file + " does not exist: give a suite's name (see 'sputnik suites') or a suite file");
        for (SuiteProvider p : ServiceLoader.load(SuiteProvider.class)) {
            Suite s = p.loadFile(file, context(template));
            if (s != null) return s;
        }
        throw new UsageException("no installed plug-in reads suite files such as " + file);
    }

    /** A path rather than a name: suite names have no slash and no .yaml/.yml/.json ending. */
    public static boolean isFile(String nameOrFile) {
        return nameOrFile.contains("/") || nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") || nameOrFile.endsWith(".json");
    }

    /** What {@link #load} needs to load a recorded run's suite again: its suite file when it had one, else its name. */
    public static String source(java.util.Map<String, Object> runConfig) {
        Object file = runConfig.get("suite_file");
        return file != null ? String.valueOf(file) : String.valueOf(runConfig.get("suite"));
    }
}
