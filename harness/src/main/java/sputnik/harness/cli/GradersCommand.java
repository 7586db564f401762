package sputnik.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sputnik.harness.registry.Plugins;

@Command(name = "graders", mixinStandardHelpOptions = true, description = "List the installed graders.")
final class GradersCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ListingCommands.table(spec.commandLine().getOut(), Plugins.graders().entries(), "no graders installed");
        return 0;
    }
}
