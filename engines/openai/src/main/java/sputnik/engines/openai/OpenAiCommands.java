package sputnik.engines.openai;

import java.util.List;
import sputnik.engines.openai.loadtest.LoadTestCommand;
import sputnik.engines.openai.mock.MockServerCommand;
import sputnik.harness.api.CommandProvider;

/** Plugs {@code sputnik loadtest} and {@code sputnik mock-server} into the CLI. */
public final class OpenAiCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new LoadTestCommand(), new MockServerCommand());
    }
}
