package sputnik.engines.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineContext;
import sputnik.harness.api.EngineProvider;
import sputnik.harness.api.RecordedSet;
import sputnik.harness.api.UsageException;
import sputnik.harness.plugin.RecordedSets;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.util.Hashing;

/**
 * {@code --engine replay}: answers from recorded responses, a file of them or a recorded set shipped with Sputnik
 * ({@code recorded:NAME}, real models' responses with their provenance). Its flags are bound by the CLI (see
 * EngineProvider).
 */
public final class ReplayEngineProvider implements EngineProvider {
    static final String RECORDED = "recorded:";

    @Option(names = "--responses", paramLabel = "FILE|recorded:NAME",
            description = "replay: JSONL of {\"problem_id\", \"response\"} lines (a problem's i-th sample gets its i-th line, cycling),"
                    + " or recorded:NAME, a recorded set of a real model's responses (see 'sputnik recorded').")
    String responses;

    @Option(names = "--replay-delay-ms", paramLabel = "MS", defaultValue = "0",
            description = "replay: simulated latency per request, reported as its TTFT and end-to-end time (default: ${DEFAULT-VALUE}).")
    long delayMs;

    /** The recorded set opened by {@link #open}, for {@link #config}. */
    private RecordedSet recorded;

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String description() {
        return "answers from recorded responses: a JSONL file (--responses FILE) or a real model's recorded set (recorded:NAME)";
    }

    @Override
    public Map<String, Object> config(EngineContext context) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("note", "answers come from recorded responses, not a live model; timings are the simulated delay");
        if (recorded != null) {
            m.put("recorded_set", recorded.name());
            m.put("responses_sha256", recorded.sha256());
            m.put("recorded_model", recorded.model());
            m.put("recorded_sampling", recorded.sampling());
            m.put("recorded_prompt", recorded.prompt().name());
            m.put("recorded_prompt_template", recorded.prompt().template());
            m.put("recorded_source", recorded.source());
            return m;
        }
        Path file = responses == null ? null : Path.of(responses);
        m.put("responses_file", file == null ? null : String.valueOf(file.getFileName()));
        try {
            m.put("responses_sha256", file == null || !Files.isRegularFile(file) ? null : Hashing.sha256(file));
        } catch (IOException e) {
            m.put("responses_sha256", null);
        }
        return m;
    }

    @Override
    public Engine open(EngineContext context) throws UsageException, IOException {
        if (responses == null) {
            throw new UsageException("--engine replay needs --responses FILE (JSONL of {\"problem_id\", \"response\"} lines) or"
                    + " --responses recorded:NAME (see 'sputnik recorded')");
        }
        if (delayMs < 0) throw new UsageException("--replay-delay-ms must be >= 0, got " + delayMs);
        if (responses.startsWith(RECORDED)) {
            var data = context.data() != null ? context.data() : new SuiteOptions().context(null);
            recorded = RecordedSets.load(responses.substring(RECORDED.length()), data);
            Map<String, List<ReplayFile.Line>> byProblem = new LinkedHashMap<>();
            for (RecordedSet.Response r : recorded.responses()) {
                byProblem.computeIfAbsent(r.problemId(), k -> new java.util.ArrayList<>()).add(new ReplayFile.Line(r.problemId(), r.response(),
                        r.reasoning(), r.finishReason(), r.promptTokens(), r.completionTokens()));
            }
            return new ReplayEngine(byProblem, responses, recorded.model(), recorded.samplesPerProblem(), delayMs);
        }
        Path file = Path.of(responses);
        return new ReplayEngine(ReplayFile.read(file), file.getFileName().toString(), null, 0, delayMs);
    }
}
