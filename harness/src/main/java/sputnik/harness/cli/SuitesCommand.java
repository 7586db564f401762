package sputnik.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sputnik.harness.registry.Named;
import sputnik.harness.registry.Plugins;

@Command(name = "suites", mixinStandardHelpOptions = true, description = "List the installed suites and their prompt templates.")
final class SuitesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var rows = Plugins.suites().entries().stream()
                .map(e -> new Named<>(e.name(), e.description() + "  [prompts: " + String.join(", ", e.value().info().promptTemplates()) + "]", e))
                .toList();
        ListingCommands.table(spec.commandLine().getOut(), rows, "no suites installed");
        return 0;
    }
}
