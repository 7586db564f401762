package sputnik.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sputnik.harness.registry.Plugins;

@Command(name = "engines", mixinStandardHelpOptions = true, description = "List the installed engines ('sputnik run --help' shows their flags).")
final class EnginesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ListingCommands.table(spec.commandLine().getOut(), Plugins.engines().entries(), "no engines installed");
        return 0;
    }
}
