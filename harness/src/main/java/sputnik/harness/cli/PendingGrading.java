package sputnik.harness.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.RunScorer;
import sputnik.harness.metrics.Summary;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.registry.Plugins;
import sputnik.harness.run.JsonlLog;
import sputnik.harness.run.RunDirectory;
import sputnik.harness.run.Shard;

/**
 * {@code grade RUN_DIR --pending}: grades, in the run directory itself, the samples that have no
 * verdict yet ({@code run --no-grade}, or a sandbox error), with the run's grader; optionally only one
 * shard of them, so that several machines share the grading of one run. The grading happens first,
 * without the directory's lock; then, under it, the verdicts of samples still waiting are appended
 * (another machine may have graded some meanwhile), run.json records the session and the grading
 * machine's grader settings, and the summary is scored again.
 */
final class PendingGrading {
    private PendingGrading() {}

    static int grade(Path runDir, Shard shard, SuiteOptions suites, String graderOverride, GradingOptions grading, CommandLine cmd, PrintStream err)
            throws IOException, UsageException, InterruptedException {
        RunDirectory rd = RunDirectory.existing(runDir);
        RunManifest m = rd.readManifest();
        Suite suite = RunProblems.suite(suites, m);
        List<SampleRecord> waiting = new ArrayList<>();
        for (SampleRecord r : rd.readSamples()) if (r.verdict().awaitsGrading() && (shard == null || shard.owns(r.sampleId()))) waiting.add(r);
        String started = Instant.now().toString();
        long t0 = System.nanoTime();
        Grader named = SuiteGraders.named(graderOverride != null ? graderOverride : m.configString("grader"), suite);
        RunProblems.Matched matched = RunProblems.match(suite, waiting, rd.samplesFile());
        List<Problem> problems = matched.problems();
        List<ParallelGrading.Item> items = matched.items();
        GradableProblems.require(named, suite, problems);
        List<Grade> grades;
        Map<String, Object> settings;
        String graderName;
        try (Grader g = grading.configure(named)) {
            grades = ParallelGrading.gradeAll(g, items, grading.context().workers());
            settings = g.settings();
            graderName = g.name();
        }
        int appended = 0, failed = 0;
        try (RunDirectory.Lock lock = lockWaiting(rd)) {
            Map<String, SampleRecord> now = new HashMap<>();
            for (SampleRecord r : rd.readSamples()) now.put(r.sampleId(), r);
            try (JsonlLog<SampleRecord> log = JsonlLog.open(rd.samplesFile(), SampleRecord.class, true)) {
                for (int i = 0; i < waiting.size(); i++) {
                    SampleRecord current = now.get(waiting.get(i).sampleId());
                    if (current == null || !current.verdict().awaitsGrading()) continue; // graded meanwhile, by another machine
                    SampleRecord graded = waiting.get(i).withGrade(grades.get(i)).withFinishedAt(Instant.now().toString());
                    log.append(graded);
                    appended++;
                    if (graded.verdict().awaitsGrading()) failed++;
                }
            }
            RunManifest fresh = rd.readManifest();
            Map<String, Object> config = new LinkedHashMap<>(fresh.config());
            config.put("grader", graderName);
            if (!settings.isEmpty()) config.put("grader_settings", settings);
            double wall = Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
            RunManifest updated = new RunManifest(fresh.sputnikVersion(), config, fresh.scope(), fresh.environment(), fresh.sessions())
                    .withSession(new RunManifest.Session(started, Instant.now().toString(), failed == 0 ? RunManifest.COMPLETE : RunManifest.INCOMPLETE,
                            appended, failed, wall, null));
            rd.writeManifest(updated);
            Summary s = RunScorer.score(config, updated.scope().problemIds(), updated.scope().samplesPerProblem(), rd.readSamples());
            rd.writeSummary(s);
        }
        var out = cmd.getOut();
        SummaryPrinter.print(runDir, out);
        out.flush();
        err.println("sputnik: graded " + appended + " pending samples" + (shard == null ? "" : " of shard " + shard) + " in " + runDir + " with "
                + graderName + (failed > 0 ? "; " + failed + " could not be graded (sandbox errors): run this again" : ""));
        RecordedHooks.after(runDir, err);
        return failed > 0 ? 1 : 0;
    }

    /** The run's lock, waiting up to ten minutes for another writer (a machine grading another shard) to finish. */
    private static RunDirectory.Lock lockWaiting(RunDirectory rd) throws IOException, UsageException, InterruptedException {
        for (int i = 0; ; i++) {
            try {
                return rd.lock();
            } catch (UsageException busy) {
                if (i >= 1200) throw busy;
                Thread.sleep(500);
            }
        }
    }
}
