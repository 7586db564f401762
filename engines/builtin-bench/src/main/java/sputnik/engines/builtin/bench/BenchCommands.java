package sputnik.engines.builtin.bench;

import java.util.List;
import sputnik.harness.api.CommandProvider;

/** Plugs {@code sputnik kernels} into the CLI. */
public final class BenchCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new KernelsCommand());
    }
}
