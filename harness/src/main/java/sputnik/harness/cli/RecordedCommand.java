package sputnik.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sputnik.harness.plugin.RecordedSets;
import sputnik.harness.registry.Named;

@Command(name = "recorded", mixinStandardHelpOptions = true,
        description = "List the recorded response sets: real models' responses on a suite, replayed with --engine replay --responses recorded:NAME.")
final class RecordedCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var rows = RecordedSets.all().stream()
                .map(s -> new Named<>(s.name(), s.model() + " on " + s.suite() + ": " + s.description(), s))
                .toList();
        ListingCommands.table(spec.commandLine().getOut(), rows, "no recorded sets installed");
        return 0;
    }
}
