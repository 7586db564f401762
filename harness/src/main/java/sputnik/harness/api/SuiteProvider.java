package sputnik.harness.api;

import java.io.IOException;
import java.util.List;

/** Offers one or more suites; discovered with {@link java.util.ServiceLoader}. */
public interface SuiteProvider {

    List<SuiteInfo> suites();

    /**
     * Loads a suite this provider lists. Problems the data cannot provide (a missing file, a hash
     * mismatch, a malformed record) are a {@link UsageException} naming the file and what to do.
     */
    Suite load(String name, SuiteContext context) throws UsageException, IOException;

    /**
     * Loads the suite a suite file declares ({@code --suite path/to/suite.yaml}), or returns null when this
     * provider does not read suite files. A mistake in the file is a {@link UsageException} naming the
     * file, the line and the key.
     */
    default Suite loadFile(java.nio.file.Path file, SuiteContext context) throws UsageException, IOException {
        return null;
    }
}
