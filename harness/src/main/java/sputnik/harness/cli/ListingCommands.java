package sputnik.harness.cli;

import java.io.PrintWriter;
import java.util.List;
import sputnik.harness.registry.Named;

/** Two aligned columns: name, description. */
final class ListingCommands {
    private ListingCommands() {}

    static void table(PrintWriter out, List<? extends Named<?>> rows, String empty) {
        if (rows.isEmpty()) {
            out.println(empty);
            return;
        }
        int w = rows.stream().mapToInt(r -> r.name().length()).max().orElse(0);
        for (Named<?> r : rows) out.printf("%-" + w + "s  %s%n", r.name(), r.description());
        out.flush();
    }
}
