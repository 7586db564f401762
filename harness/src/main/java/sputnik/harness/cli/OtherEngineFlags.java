package sputnik.harness.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every engine's flags are on {@code run} (each engine is a mixin), so picocli accepts {@code --threads}
 * (builtin) beside {@code --engine replay}. Such a flag does nothing, and a user who typed it thinks it did:
 * say so.
 */
final class OtherEngineFlags {
    private OtherEngineFlags() {}

    static final String MIXIN_PREFIX = "engine-";

    static void warn(CommandSpec run, String chosenEngine, PrintStream err) {
        List<String> flags = new ArrayList<>();
        Set<String> owners = new LinkedHashSet<>();
        for (OptionSpec o : run.commandLine().getParseResult().matchedOptions()) {
            for (Map.Entry<String, CommandSpec> m : run.mixins().entrySet()) {
                if (!m.getKey().startsWith(MIXIN_PREFIX) || m.getKey().equals(MIXIN_PREFIX + chosenEngine)) continue;
                if (m.getValue().options().stream().anyMatch(x -> x.longestName().equals(o.longestName()))) {
                    flags.add(o.longestName());
                    owners.add(m.getKey().substring(MIXIN_PREFIX.length()));
                }
            }
        }
        if (flags.isEmpty()) return;
        err.println("sputnik: warning: " + String.join(", ", flags) + (flags.size() == 1 ? " is an option" : " are options") + " of the "
                + String.join(", ", owners) + " engine" + (owners.size() == 1 ? "" : "s") + "; --engine " + chosenEngine + " ignores "
                + (flags.size() == 1 ? "it" : "them"));
    }
}
