package sputnik.harness.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text shipped in a jar (suite files, sandbox drivers): a missing one is a broken build, said as such. */
public final class Resources {
    private Resources() {}

    /** The UTF-8 text of {@code path} (absolute, "/sputnik/...") on {@code anchor}'s class path. */
    public static String text(Class<?> anchor, String path) {
        try (InputStream in = anchor.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(path.substring(1) + " is missing from the build: rebuild Sputnik");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
