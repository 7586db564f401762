package sputnik.harness.util;

import java.nio.file.Path;

/** Where Sputnik keeps what it can compute again but would rather not: the user's cache directory. */
public final class UserCache {
    private UserCache() {}

    /**
     * {@code -Dsputnik.cache.dir} (tests point it at a temporary directory), else
     * {@code $XDG_CACHE_HOME/sputnik}, else {@code ~/.cache/sputnik}.
     */
    public static Path dir() {
        String dir = System.getProperty("sputnik.cache.dir");
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("sputnik");
    }
}
