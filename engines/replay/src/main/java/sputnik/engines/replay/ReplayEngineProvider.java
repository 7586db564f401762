package sputnik.engines.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineContext;
import sputnik.harness.api.EngineProvider;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Hashing;

/** {@code --engine replay}: answers from recorded responses. Its flags are bound by the CLI (see EngineProvider). */
public final class ReplayEngineProvider implements EngineProvider {
    @Option(names = "--responses", paramLabel = "FILE",
            description = "replay: JSONL of {\"problem_id\", \"response\"} lines; a problem's i-th sample gets its i-th line, cycling.")
    Path responses;

    @Option(names = "--replay-delay-ms", paramLabel = "MS", defaultValue = "0",
            description = "replay: simulated latency per request, reported as its TTFT and end-to-end time (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String description() {
        return "answers from a JSONL file of recorded responses (--responses FILE): re-runs, demos, tests";
    }

    @Override
    public Map<String, Object> config(EngineContext context) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("note", "answers come from a recorded file, not a live model; timings are the simulated delay");
        m.put("responses_file", responses == null ? null : String.valueOf(responses.getFileName()));
        try {
            m.put("responses_sha256", responses == null || !Files.isRegularFile(responses) ? null : Hashing.sha256(responses));
        } catch (IOException e) {
            m.put("responses_sha256", null);
        }
        return m;
    }

    @Override
    public Engine open(EngineContext context) throws UsageException, IOException {
        if (responses == null) throw new UsageException("--engine replay needs --responses FILE (JSONL of {\"problem_id\", \"response\"} lines)");
        if (delayMs < 0) throw new UsageException("--replay-delay-ms must be >= 0, got " + delayMs);
        return new ReplayEngine(ReplayFile.read(responses), responses.getFileName().toString(), delayMs);
    }
}
