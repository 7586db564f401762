package sputnik.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineContext;
import sputnik.harness.api.EngineProvider;
import sputnik.harness.api.Message;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Suite;
import sputnik.harness.api.UsageException;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.registry.Registry;
import sputnik.harness.util.Hashing;

@Command(name = "prompts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the exact prompts a run would send: the chat messages (or text) of each chosen problem, with the SHA-256 that",
            "samples.jsonl records, and with --engine the text that engine feeds its model (the built-in engine: its chat template",
            "applied, special tokens and all). Problems are chosen as in 'run' (--problems, --filter, --offset, --limit)."},
        footer = {"", "Examples:", "  sputnik prompts --suite aime2024 --problems 60",
            "  sputnik prompts --suite aime2024 --problems 60 --engine builtin --model models/DeepSeek-R1-Distill-Qwen-7B-Q8_0.gguf"})
public final class PromptsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SuiteOptions suiteOptions;

    @Mixin
    SelectionOptions selectionOptions;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1", description = "At most N problems (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--engine", paramLabel = "NAME", description = "Also show what this engine feeds its model (its flags as for 'run').")
    String engine;

    @Option(names = "--model", paramLabel = "MODEL", description = "With --engine: the model, as the engine understands it.")
    String model;

    Registry<EngineProvider> engines;

    @Override
    public Integer call() throws Exception {
        if (suiteOptions.suite() == null) throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--suite=NAME'");
        if (limit < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        Suite suite = suiteOptions.load(suiteOptions.suite(), null);
        List<Problem> chosen = selectionOptions.selection().apply(suite.problems(), suite.name());
        if (chosen.isEmpty()) throw new UsageException("the selection keeps none of suite " + suite.name() + "'s problems");
        List<Problem> problems = chosen.subList(0, Math.min(limit, chosen.size()));
        PrintWriter out = spec.commandLine().getOut();
        Engine e = null;
        try {
            if (engine != null) {
                EngineProvider provider = engines.get(engine);
                e = provider.open(new EngineContext(model, Duration.ofSeconds(600), 1, suiteOptions.context(null)));
            }
            for (Problem p : problems) {
                out.println("== " + suite.name() + " problem " + p.id() + " (template " + suite.promptTemplate() + ", prompt sha256 "
                        + Hashing.sha256(p.prompt().display()) + ")");
                switch (p.prompt()) {
                    case Prompt.Chat c -> {
                        for (Message m : c.messages()) {
                            out.println("-- " + m.role() + " message:");
                            out.println(m.content());
                        }
                    }
                    case Prompt.Text t -> {
                        out.println("-- text prompt:");
                        out.println(t.text());
                    }
                }
                if (e != null) {
                    Optional<String> fed;
                    try {
                        fed = e.renderPrompt(p.prompt());
                    } catch (sputnik.harness.api.EngineException ex) {
                        throw new UsageException(ex.getMessage());
                    }
                    out.println(fed.isPresent() ? "-- as " + engine + " feeds it to " + e.model() + " (between the markers):\n>>>" + fed.get() + "<<<"
                            : "-- " + engine + " sends the messages as they are; the server applies its own template");
                }
                out.println();
            }
        } finally {
            if (e != null) e.close();
        }
        out.flush();
        return 0;
    }
}
