package sputnik.harness.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** What ran a run: recorded in run.json so that a number can be traced to its software and hardware. */
public final class Environment {
    private Environment() {}

    public static String sputnikVersion() {
        Properties p = new Properties();
        try (InputStream in = Environment.class.getResourceAsStream("/sputnik-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    /** The git commit the launcher found (it passes {@code -Dsputnik.git}); "unknown" outside a checkout. */
    public static String gitCommit() {
        String v = System.getProperty("sputnik.git");
        return v == null || v.isBlank() ? "unknown" : v;
    }

    public static Map<String, Object> describe() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("sputnik_version", sputnikVersion());
        env.put("git_commit", gitCommit());
        env.put("java", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("cpu", cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        return env;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the architecture is all we know
        }
        return System.getProperty("os.arch");
    }
}
