package sputnik.datasets.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Folders of suite files found by name, as {@code --suite NAME}: each folder of {@code $SPUTNIK_SUITE_PATH}
 * (separated by ':'), then {@code $XDG_CONFIG_HOME/sputnik/suites} (else ~/.config/sputnik/suites). A file
 * NAME.yaml (or .yml) there is the suite NAME; the first folder that has it wins.
 */
final class SuitePath {
    private SuitePath() {}

    static List<Path> folders(Map<String, String> env) {
        List<Path> out = new ArrayList<>();
        String path = env.get("SPUTNIK_SUITE_PATH");
        if (path != null) for (String p : path.split(":")) if (!p.isBlank()) out.add(Path.of(p));
        String config = env.get("XDG_CONFIG_HOME");
        String home = System.getProperty("user.home");
        if (config != null && !config.isBlank()) out.add(Path.of(config, "sputnik", "suites"));
        else if (home != null) out.add(Path.of(home, ".config", "sputnik", "suites"));
        return out;
    }

    /** Suite files by the name their file gives them, first folder first; names seen again are shadowed and left out. */
    static List<Path> files(Map<String, String> env) {
        List<Path> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Path dir : folders(env)) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(SuitePath::isSuiteFile).sorted().toList()) if (seen.add(name(f))) out.add(f);
            } catch (IOException e) {
                // an unreadable folder on the path offers no suites; the others still do
            }
        }
        return out;
    }

    static String name(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    private static boolean isSuiteFile(Path f) {
        String n = f.getFileName().toString();
        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".") && Files.isRegularFile(f);
    }
}
