package sputnik.harness.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Suite;
import sputnik.harness.api.UsageException;
import sputnik.harness.api.Verdict;
import sputnik.harness.metrics.RunScorer;
import sputnik.harness.metrics.Summary;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.registry.Plugins;
import sputnik.harness.report.RunReport;
import sputnik.harness.run.RunDirectory;
import sputnik.harness.run.Shard;
import sputnik.harness.util.AtomicFiles;
import sputnik.harness.util.Json;

@Command(
        name = "grade",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Grade responses again, or grade a file of responses, without calling any engine.",
            "Two forms:",
            "  a run directory: every sample is graded again; the new verdicts go to RUN_DIR/regrade/<time>/",
            "  (samples.jsonl, summary.json) beside the old ones, which are left as they are;",
            "  a JSONL file of {\"problem_id\", \"response\"} lines (optional \"reasoning\", \"finish_reason\") for a suite,",
            "  or of {\"response\", \"answer\"} lines (the reference answer given inline) with --grader and no suite:",
            "  one output line per input line, in input order: problem_id, verdict, extracted, detail."
        },
        footer = {
            "",
            "Examples:",
            "  sputnik grade runs/demo",
            "  sputnik grade --suite arith --responses responses.jsonl --out grades.jsonl",
            "  sputnik grade --grader math --responses pairs.jsonl --out grades.jsonl"
        })
final class GradeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RUN_DIR", description = "A run directory to re-grade.")
    Path runDir;

    @Mixin
    SuiteOptions suiteOptions;

    @Option(names = "--responses", paramLabel = "FILE", description = "JSONL of {\"problem_id\", \"response\"} lines to grade (needs --suite).")
    Path responses;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the graded lines (with --responses; default: stdout).")
    Path out;

    @Option(names = "--grader", paramLabel = "NAME", description = "Grader to use instead of the suite's (or the run's).")
    String grader;

    @Mixin
    GradingOptions grading;

    @Option(names = "--pending",
            description = "With RUN_DIR: grade, in place, the samples that await grading (recorded with 'run --no-grade', or left by a sandbox error);"
                    + " the verdicts are appended to the run's samples.jsonl and its summary rescored.")
    boolean pending;

    @Option(names = "--shard", paramLabel = "I/N", description = "With --pending: grade only shard I of N of them (machines grading one run take turns writing).")
    String shardSpec;

    @Override
    public Integer call() throws Exception {
        if (pending) {
            if (runDir == null) throw new CommandLine.ParameterException(spec.commandLine(), "--pending needs RUN_DIR");
            return PendingGrading.grade(runDir, Shard.parse(shardSpec, System.getenv()), suiteOptions, grader, grading, spec.commandLine(),
                    WriterStream.of(spec.commandLine().getErr()));
        }
        if (shardSpec != null) throw new CommandLine.ParameterException(spec.commandLine(), "--shard goes with --pending");
        if ((runDir == null) == (responses == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either RUN_DIR or --responses FILE (with --suite)");
        }
        return runDir != null ? regradeRun() : gradeFile();
    }

    /** A line of a --responses file; {@code answer} is the reference when no suite is given. */
    record ResponseLine(String problemId, String response, String reasoning, String finishReason, String answer) {}

    /** A line of grade output. */
    record GradedLine(String problemId, String verdict, String extracted, Map<String, Object> detail) {}

    private int gradeFile() throws IOException, UsageException, InterruptedException {
        if (suiteOptions.suite() == null && grader == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--responses needs --suite NAME, or --grader NAME with an \"answer\" on every line");
        }
        if (!Files.isRegularFile(responses)) throw new UsageException("responses file " + responses + " does not exist");
        Suite suite = suiteOptions.suite() == null ? null : suiteOptions.load(suiteOptions.suite(), null);
        Map<String, Problem> byId = suite == null ? Map.of() : index(suite);
        List<String> lines = Files.readAllLines(responses, StandardCharsets.UTF_8);
        Grader named = SuiteGraders.named(grader != null ? grader : suite.grader(), suite);
        List<String> ids = new ArrayList<>();
        List<ParallelGrading.Item> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            ResponseLine r;
            try {
                r = Json.MAPPER.readValue(line, ResponseLine.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UsageException(responses + " line " + (i + 1) + " is not valid JSON (" + e.getOriginalMessage() + ")");
            }
            Problem p = problemFor(r, suite, byId, i + 1);
            // Checked as each line is read, before anything is graded: no half-written output.
            GradableProblems.require(named, p, suite == null
                    ? responses + " line " + (i + 1)
                    : responses + " line " + (i + 1) + ": suite " + suite.name() + ", problem '" + p.id() + "'");
            ids.add(r.problemId());
            items.add(new ParallelGrading.Item(p, new Completion(r.response(), r.reasoning(), FinishReason.parse(r.finishReason()), 0, 0, null)));
        }
        List<Grade> grades;
        String graderName;
        double gradingSeconds;
        try (Grader g = grading.configure(named)) {
            graderName = g.name();
            long t0 = System.nanoTime();
            grades = ParallelGrading.gradeAll(g, items, grading.context().workers());
            gradingSeconds = (System.nanoTime() - t0) / 1e9;
        }
        List<String> output = new ArrayList<>(grades.size());
        int correct = 0, ungraded = 0;
        for (int i = 0; i < grades.size(); i++) {
            Grade grade = grades.get(i);
            if (grade.verdict().correct()) correct++;
            if (grade.verdict() == Verdict.SANDBOX_ERROR) ungraded++;
            output.add(Json.line(new GradedLine(ids.get(i), grade.verdict().wire(), grade.extracted(), grade.detail())));
        }
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (String o : output) w.write(o + "\n");
            }
            spec.commandLine().getErr().println("sputnik: graded " + grades.size() + " responses with " + graderName + ": " + correct
                    + " correct, in " + String.format(java.util.Locale.ROOT, "%.2f s (%.0f responses/s)", gradingSeconds,
                            grades.size() / Math.max(gradingSeconds, 1e-9)) + " on " + grading.context().workers() + " workers; wrote " + out);
        } else {
            for (String o : output) spec.commandLine().getOut().println(o);
            spec.commandLine().getOut().flush();
        }
        return sandboxErrors(ungraded);
    }

    /** Sandbox errors are the grader's failure: said plainly, and the command fails so that nobody takes the file as complete. */
    private int sandboxErrors(int ungraded) {
        if (ungraded == 0) return 0;
        spec.commandLine().getErr().println("sputnik: " + ungraded + " responses could not be graded (verdict sandbox_error: the"
                + " sandbox failed, not the model; see their detail) and count as neither right nor wrong; grade them again");
        return 1;
    }

    /** The suite's problem named by the line, or (no suite) a problem made of the line's own reference answer. */
    private Problem problemFor(ResponseLine r, Suite suite, Map<String, Problem> byId, int lineNo) throws UsageException {
        String where = responses + " line " + lineNo;
        if (r.response() == null) throw new UsageException(where + " has no \"response\" field");
        if (suite == null) {
            if (r.answer() == null) throw new UsageException(where + " has no \"answer\" field (needed when no --suite is given)");
            String id = r.problemId() != null ? r.problemId() : "line-" + lineNo;
            return new Problem(id, Prompt.text(""), r.answer(), Map.of());
        }
        if (r.problemId() == null) throw new UsageException(where + " has no \"problem_id\" field");
        Problem p = byId.get(r.problemId());
        if (p == null) throw new UsageException(where + ": suite " + suite.name() + " has no problem '" + r.problemId() + "'");
        return p;
    }

    private int regradeRun() throws IOException, UsageException, InterruptedException {
        RunDirectory rd = RunDirectory.existing(runDir);
        RunManifest m = rd.readManifest();
        Suite suite = RunProblems.suite(suiteOptions, m);
        List<SampleRecord> old = rd.readSamples();
        RunProblems.Matched matched = RunProblems.match(suite, old, rd.samplesFile());
        List<ParallelGrading.Item> items = matched.items();
        List<Problem> graded = matched.problems();
        Grader named = SuiteGraders.named(grader != null ? grader : m.configString("grader"), suite);
        GradableProblems.require(named, suite, graded);
        List<Grade> grades;
        Map<String, Object> config = new LinkedHashMap<>(m.config());
        String graderName;
        try (Grader g = grading.configure(named)) {
            graderName = g.name();
            grades = ParallelGrading.gradeAll(g, items, grading.context().workers());
            config.put("grader", g.name());
            if (!g.settings().isEmpty()) config.put("grader_settings", g.settings());
            else config.remove("grader_settings");
        }
        List<SampleRecord> regraded = new ArrayList<>(old.size());
        int changed = 0, ungraded = 0;
        for (int i = 0; i < old.size(); i++) {
            SampleRecord n = old.get(i).withGrade(grades.get(i));
            if (n.verdict() != old.get(i).verdict()) changed++;
            if (n.verdict() == Verdict.SANDBOX_ERROR) ungraded++;
            regraded.add(n);
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path target = runDir.resolve("regrade").resolve(stamp + "-" + graderName);
        Files.createDirectories(target);
        try (BufferedWriter w = Files.newBufferedWriter(target.resolve(RunDirectory.SAMPLES), StandardCharsets.UTF_8)) {
            for (SampleRecord r : regraded) w.write(Json.line(r) + "\n");
        }
        Summary s = RunScorer.score(config, m.scope().problemIds(), m.scope().samplesPerProblem(), regraded);
        AtomicFiles.write(target.resolve(RunDirectory.SUMMARY), Json.pretty(s));
        SummaryPrinter.print(new RunReport(runDir, m, s, regraded, List.of()), SummaryPrinter.DEFAULT_FORMAT, spec.commandLine().getOut());
        spec.commandLine().getErr().println("sputnik: re-graded " + regraded.size() + " samples with " + graderName + "; " + changed
                + " verdicts changed; wrote " + target);
        // The re-graded samples are a run of their own (same run.json but the grader): indexed under their directory.
        RecordedHooks.after(new RunReport(target, new RunManifest(m.sputnikVersion(), config, m.scope(), m.environment(), m.sessions()), s, regraded,
                List.of()), WriterStream.of(spec.commandLine().getErr()));
        return sandboxErrors(ungraded);
    }

    private static Map<String, Problem> index(Suite suite) {
        Map<String, Problem> byId = new HashMap<>();
        for (Problem p : suite.problems()) byId.put(p.id(), p);
        return byId;
    }
}
