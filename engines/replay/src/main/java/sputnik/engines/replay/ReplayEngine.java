package sputnik.engines.replay;

import java.util.List;
import java.util.Map;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineException;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Request;
import sputnik.harness.api.Timings;
import sputnik.harness.api.UsageException;

/**
 * Replays recorded responses: sample i of a problem gets that problem's i-th line, cycling. Timings
 * are the simulated delay, not measurements (so a replayed run's summary is reproducible); token
 * counts are the recorded ones, else an estimate of one token per 4 characters, as OpenAI's rule of thumb.
 */
final class ReplayEngine implements Engine {
    private final Map<String, List<ReplayFile.Line>> byProblem;
    private final String fileName;
    private final String model;
    private final int samplesPerProblem;
    private final long delayMs;

    /**
     * @param model             the model a recorded set says wrote the responses, or null for a plain file
     * @param samplesPerProblem responses per problem of a recorded set, or 0 for a plain file (then it cycles)
     */
    ReplayEngine(Map<String, List<ReplayFile.Line>> byProblem, String fileName, String model, int samplesPerProblem, long delayMs) {
        this.byProblem = byProblem;
        this.fileName = fileName;
        this.model = model;
        this.samplesPerProblem = samplesPerProblem;
        this.delayMs = delayMs;
    }

    @Override
    public boolean generates() {
        return false;
    }

    /** A recorded set has a fixed number of responses per problem: more samples would only repeat them. */
    @Override
    public java.util.OptionalInt samplesPerProblem() {
        return samplesPerProblem > 0 ? java.util.OptionalInt.of(samplesPerProblem) : java.util.OptionalInt.empty();
    }

    @Override
    public Completion generate(Request request) throws EngineException, InterruptedException {
        List<ReplayFile.Line> lines = byProblem.get(request.problemId());
        if (lines == null) throw new EngineException("replay file " + fileName + " has no response for problem '" + request.problemId() + "'");
        ReplayFile.Line line = lines.get(request.sampleIndex() % lines.size());
        if (delayMs > 0) Thread.sleep(delayMs);
        int completion = line.completionTokens() != null ? line.completionTokens() : estimateTokens(line.response())
                + (line.reasoning() == null ? 0 : estimateTokens(line.reasoning()));
        int prompt = line.promptTokens() != null ? line.promptTokens() : estimateTokens(request.prompt().display());
        FinishReason finish = line.finishReason() == null ? FinishReason.STOP : FinishReason.parse(line.finishReason());
        return new Completion(line.response(), line.reasoning(), finish, prompt, completion, Timings.of(delayMs, delayMs, completion));
    }

    /** A file whose problem ids match none of the suite's was recorded for something else: refused before any sample. */
    @Override
    public void checkProblems(List<Problem> problems) throws UsageException {
        for (Problem p : problems) if (byProblem.containsKey(p.id())) return;
        throw new UsageException("replay file " + fileName + " answers none of the " + problems.size() + " problems asked: its problem ids look like "
                + sample(byProblem.keySet()) + ", the suite's like " + sample(problems.stream().map(Problem::id).toList())
                + "; check --responses and --suite");
    }

    private static String sample(java.util.Collection<String> ids) {
        return ids.stream().limit(3).map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(", "))
                + (ids.size() > 3 ? ", ..." : "");
    }

    static int estimateTokens(String text) {
        return text.isEmpty() ? 0 : Math.max(1, (text.length() + 3) / 4);
    }

    /** The recorded set's model, as its publisher names it; for a plain file, the file. */
    @Override
    public String model() {
        return model != null ? model : "replay:" + fileName;
    }
}
