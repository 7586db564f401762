package sputnik.harness.api;

import java.io.IOException;
import java.util.List;

/** Offers recorded response sets (see {@link RecordedSet}); discovered with {@link java.util.ServiceLoader}. */
public interface RecordedSetProvider {

    /** The sets this provider offers, for {@code sputnik recorded}. */
    List<RecordedSetInfo> sets();

    /**
     * Loads a set it offers, its file found and verified like suite data. A missing, corrupted or
     * malformed file is a {@link UsageException} naming the file and the ways to provide it.
     */
    RecordedSet load(String name, SuiteContext context) throws UsageException, IOException;

    /** A set as listed: name, model, suite, one-line description. */
    record RecordedSetInfo(String name, String model, String suite, String description) {}
}
