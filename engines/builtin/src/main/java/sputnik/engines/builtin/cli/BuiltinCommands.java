package sputnik.engines.builtin.cli;

import java.util.List;
import sputnik.harness.api.CommandProvider;

/** Plugs the built-in engine's commands into the CLI. */
public final class BuiltinCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new TokenizeCommand(), new LogitsCommand(), new GenerateCommand(), new SynthCommand(), new BenchCommand(), new ServeCommand());
    }
}
