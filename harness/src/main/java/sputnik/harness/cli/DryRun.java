package sputnik.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Sampling;
import sputnik.harness.api.Suite;
import sputnik.harness.api.UsageException;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.record.SampleRecords;
import sputnik.harness.report.PlanPricer;
import sputnik.harness.run.RunDirectory;
import sputnik.harness.run.Shard;
import sputnik.harness.util.Hashing;

/**
 * What {@code run --dry-run} prints: the problems, samples, token budget and a cost bound of the run the
 * same flags would start, without opening the engine, grading or writing anything.
 */
final class DryRun {
    /** Tokenizers differ; about 4 characters of English or LaTeX per token is the usual rule for BPE vocabularies. */
    static final double CHARS_PER_TOKEN = 4.0;

    private DryRun() {}

    record Plan(Suite suite, List<Problem> problems, java.util.Map<String, Object> selection, int samples, Sampling sampling, long seed, String engine, String model,
            Shard shard, Path out) {}

    static void print(Plan p, PrintWriter w) throws IOException, UsageException {
        List<String> ids = p.problems().stream().map(Problem::id).toList();
        int all = ids.size() * p.samples();
        int owned = p.shard() == null ? all : p.shard().owned(p.suite().name(), ids, p.samples());
        int done = done(p, ids);
        Set<String> distinct = new HashSet<>();
        long promptChars = 0, distinctChars = 0;
        for (Problem q : p.problems()) {
            String text = q.prompt().display();
            promptChars += text.length();
            if (distinct.add(Hashing.sha256(text))) distinctChars += text.length();
        }
        double perSample = promptChars / (double) ids.size() / CHARS_PER_TOKEN;
        int toDo = owned - done;
        long inputTokens = Math.round(perSample * toDo);
        long outputTokens = (long) toDo * p.sampling().maxTokens();

        w.println("Dry run: the plan of this run; nothing is sent to the engine, graded or written.");
        w.printf(Locale.ROOT, "  suite     %s v%s, prompt %s, grader %s%s%n", p.suite().name(), p.suite().version(), p.suite().promptTemplate(),
                p.suite().grader(), p.suite().file() == null ? "" : " (" + p.suite().file() + ")");
        w.printf(Locale.ROOT, "  problems  %d of the suite's %d%s: %s%n", ids.size(), p.suite().problems().size(),
                p.selection() == null ? "" : " (selection " + sputnik.harness.util.Json.line(p.selection()) + ")", preview(ids));
        w.printf(Locale.ROOT, "  samples   %d per problem, %,d in all%s; %,d already done in %s; %,d to do%n", p.samples(), all,
                p.shard() == null ? "" : ", " + String.format(Locale.ROOT, "%,d", owned) + " in shard " + p.shard(), done, p.out(), toDo);
        w.printf(Locale.ROOT, "  sampling  temperature %s, top_p %s, top_k %d, max_tokens %,d, run seed %d%n", p.sampling().temperature(),
                p.sampling().topP(), p.sampling().topK(), p.sampling().maxTokens(), p.seed());
        w.printf(Locale.ROOT, "  engine    %s%s%n", p.engine(), p.model() == null ? "" : ", model " + p.model());
        w.printf(Locale.ROOT, "  prompts   %d distinct, %,d characters, about %,.0f tokens per sample (estimated at %.0f characters per token)%n",
                distinct.size(), distinctChars, perSample, CHARS_PER_TOKEN);
        w.printf(Locale.ROOT, "  tokens    to send: about %,d prompt tokens; to generate: at most %,d (%,d samples x max_tokens %,d)%n",
                inputTokens, outputTokens, toDo, p.sampling().maxTokens());
        w.println("  cost      " + cost(p, inputTokens, outputTokens));
    }

    private static String cost(Plan p, long inputTokens, long outputTokens) {
        if (p.model() == null) return "give --model to price the run at the price book's rate for it";
        for (PlanPricer pricer : ServiceLoader.load(PlanPricer.class)) {
            Optional<String> line = pricer.price(p.model(), inputTokens, outputTokens);
            if (line.isPresent()) return line.get();
        }
        return "no price is known for model " + p.model() + " (a local engine's cost is its machine time: 'sputnik report --hardware' prices a finished run)";
    }

    /** Samples of this plan that the run directory already holds, graded: a resumed run does not make them again. */
    private static int done(Plan p, List<String> ids) throws IOException, UsageException {
        RunDirectory dir = new RunDirectory(p.out());
        if (!Files.exists(dir.samplesFile())) return 0;
        Set<String> scope = new HashSet<>(ids);
        int n = 0;
        for (SampleRecord r : SampleRecords.effective(dir.readSamples())) {
            if (SampleRecords.inScope(r, scope, p.samples()) && SampleRecords.graded(r) && (p.shard() == null || p.shard().owns(r.sampleId()))) n++;
        }
        return n;
    }

    private static String preview(List<String> ids) {
        if (ids.size() <= 8) return String.join(", ", ids);
        return String.join(", ", ids.subList(0, 6)) + ", ... , " + ids.getLast();
    }
}
