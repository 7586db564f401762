package sputnik.datasets.manifest;

import java.util.ArrayList;
import java.util.List;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Resources;

/**
 * The suite files shipped in this jar (resources/sputnik/suites/NAME.yaml, listed in its index): read
 * with the same parser and checks as a user's suite file, so a built-in suite is nothing a file cannot say.
 */
public final class BuiltinSuites {
    private static final String DIR = "/sputnik/suites/";

    private BuiltinSuites() {}

    /** Read once per JVM: the CLI asks for the suites several times per command, and the files never change. */
    public static List<Manifest> all() {
        return Holder.ALL;
    }

    private static final class Holder {
        static final List<Manifest> ALL = List.copyOf(read());
    }

    private static List<Manifest> read() {
        List<Manifest> out = new ArrayList<>();
        for (String line : read(DIR + "index").split("\\R")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) continue;
            try {
                Manifest m = SuiteFile.parse(read(DIR + name + ".yaml"), "built-in " + name + ".yaml");
                if (!name.equals(m.name())) throw new IllegalStateException("built-in " + name + ".yaml names itself " + m.name());
                out.add(m);
            } catch (UsageException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return out;
    }

    static String read(String resource) {
        return Resources.text(BuiltinSuites.class, resource);
    }
}
