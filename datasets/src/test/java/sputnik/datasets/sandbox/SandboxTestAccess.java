package sputnik.datasets.sandbox;

import java.nio.file.Path;

/** What tests in other packages may see of the sandbox internals. */
public final class SandboxTestAccess {
    private SandboxTestAccess() {}

    /** The driver directory every sandbox of this JVM mounts read-only. */
    public static Path driverDir() {
        return DriverFiles.dir();
    }
}
