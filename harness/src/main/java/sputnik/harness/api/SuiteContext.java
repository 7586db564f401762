package sputnik.harness.api;

import java.nio.file.Path;

/**
 * Where a suite's data may come from. {@code dataDir} is {@code --data-dir} / {@code SPUTNIK_DATA}
 * (null when unset); {@code promptTemplate} is {@code --prompt} (null: the suite's default).
 */
public record SuiteContext(Path dataDir, Path cacheDir, boolean offline, String promptTemplate) {}
