package sputnik.harness.api;

import java.nio.file.Path;

/**
 * Where a suite's (or a recorded set's) data may come from, in the order it is looked for:
 * {@code dataDir} ({@code --data-dir}, else {@code SPUTNIK_DATA}; null when unset), {@code sharedDir} (a
 * {@code shared} folder beside the checkout, as CI and offline machines provide a mirror; null when there
 * is none), the cache, then a download unless {@code offline}. {@code promptTemplate} is {@code --prompt}
 * (null: the suite's default).
 */
public record SuiteContext(Path dataDir, Path cacheDir, boolean offline, String promptTemplate, Path sharedDir) {

    /** A context without a shared mirror. */
    public SuiteContext(Path dataDir, Path cacheDir, boolean offline, String promptTemplate) {
        this(dataDir, cacheDir, offline, promptTemplate, null);
    }
}
