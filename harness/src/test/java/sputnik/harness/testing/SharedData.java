package sputnik.harness.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data in ../shared beside the project root (datasets, models). Never copied into the
 * repository: tests read it in place and are skipped, saying why, when it is absent.
 */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        String p = System.getProperty("sputnik.shared");
        return (p != null ? Path.of(p) : Path.of("..", "..", "shared")).toAbsolutePath().normalize();
    }

    /** {@code ../shared/datasets}, or the test is skipped with a message naming what is missing. */
    public static Path datasets() {
        Path d = root().resolve("datasets");
        assumeTrue(Files.isDirectory(d), "../shared/datasets is absent (" + d + "): tests on the real datasets are skipped");
        return d;
    }
}
