package sputnik.harness.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sputnik.harness.api.CommandProvider;
import sputnik.harness.api.EngineProvider;
import sputnik.harness.api.UsageException;
import sputnik.harness.plugin.Environment;
import sputnik.harness.registry.Plugins;
import sputnik.harness.registry.Registry;

/**
 * The {@code sputnik} command. Exit codes: 0 success, 1 failure (including samples that could not be
 * finished, a write that failed, and an unexpected error), 2 usage error (unknown flag, bad value, missing
 * or malformed input), 130 interrupted; plug-in commands may add their own (compare: 3, an incomplete
 * comparison), stated in their --help.
 */
@Command(
        name = "sputnik",
        synopsisSubcommandLabel = "COMMAND",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Sputnik checks model claims: it runs an engine over evaluation suites, grades the answers"
                + " automatically and scores them as the published protocols do (pass@1 over k samples, pass@k, cons@k).",
        subcommands = {
            RunCommand.class,
            GradeCommand.class,
            ReportCommand.class,
            MergeCommand.class,
            PromptsCommand.class,
            SlurmCommand.class,
            K8sCommand.class,
            SuitesCommand.class,
            RecordedCommand.class,
            EnginesCommand.class,
            GradersCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements java.util.concurrent.Callable<Integer> {
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command given: a usage error, with the list of commands. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI without exiting the JVM (tests call this). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = build();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine build() {
        CommandLine cli = new CommandLine(new Main());
        // Plug-in commands (reports: compare, leaderboard) join the built-in ones.
        for (CommandProvider p : java.util.ServiceLoader.load(CommandProvider.class)) p.commands().forEach(cli::addSubcommand);
        // Each engine brings its own flags; they are bound to a fresh provider for this invocation.
        Registry<EngineProvider> engines = Plugins.engines();
        CommandLine run = cli.getSubcommands().get("run");
        ((RunCommand) run.getCommand()).engines = engines;
        for (var e : engines.entries()) run.addMixin(OtherEngineFlags.MIXIN_PREFIX + e.name(), e.value());
        ((PromptsCommand) cli.getSubcommands().get("prompts").getCommand()).engines = engines;
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandList());
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String hint = "";
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                hint = "; did you mean '" + u.getSuggestions().get(0) + "'?";
            }
            c.getErr().println("sputnik: " + ex.getMessage() + hint + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageException) {
                c.getErr().println("sputnik: " + ex.getMessage());
                return USAGE;
            }
            c.getErr().println("sputnik: error: " + ex);
            if (System.getenv("SPUTNIK_DEBUG") != null) ex.printStackTrace(c.getErr());
            else c.getErr().println("sputnik: (set SPUTNIK_DEBUG=1 for the stack trace)");
            return 1;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sputnik " + Environment.sputnikVersion() + " (commit " + Environment.gitCommit() + ", java "
                    + System.getProperty("java.runtime.version") + ")"};
        }
    }
}
