package sputnik.reports.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReport;
import sputnik.harness.run.RunDirectory;
import sputnik.harness.util.Json;
import sputnik.reports.SyntheticRuns;

/** Synthetic runs written out as run directories (run.json, samples.jsonl, summary.json), as `sputnik run` leaves them. */
public final class TestRuns {
    private TestRuns() {}

    public static Path write(Path dir, RunReport r) throws IOException {
        Files.createDirectories(dir);
        RunDirectory rd = new RunDirectory(dir);
        rd.writeManifest(r.manifest());
        List<String> lines = new ArrayList<>();
        for (SampleRecord s : r.samples()) lines.add(Json.line(s));
        Files.write(rd.samplesFile(), lines);
        rd.writeSummary(r.summary());
        return dir;
    }

    /** A run of {@code suite} by {@code model} at {@code commit}, started at {@code startedAt}. */
    public static RunReport run(String name, String suite, String model, String commit, String startedAt, int problems, int k, long seed) {
        RunReport r = SyntheticRuns.run(name, SyntheticRuns.rates(problems, seed), k, seed, model, 60.0 + seed, suite);
        Map<String, Object> env = new LinkedHashMap<>(Map.of("git_commit", commit));
        RunManifest m = r.manifest();
        RunManifest.Session s = m.sessions().getFirst();
        RunManifest withEnv = new RunManifest(m.sputnikVersion(), m.config(), m.scope(), env,
                List.of(new RunManifest.Session(startedAt, startedAt, s.status(), s.samplesWritten(), s.errors(), s.wallSeconds())));
        return new RunReport(r.dir(), withEnv, r.summary(), r.samples(), r.errors());
    }

    public static RunReport interrupted(RunReport r, int problems) {
        return SyntheticRuns.interrupted(r, problems);
    }

    /** The run with each response written as a reasoning model writes it: thinking, then the boxed answer. */
    public static RunReport withThinking(RunReport r) {
        List<SampleRecord> out = new ArrayList<>();
        for (SampleRecord x : r.samples()) {
            String text = "<think>\nLet me work through problem " + x.problemId() + " step by step.\nFirst, ...\n</think>\nSo the answer is \\boxed{"
                    + x.extracted() + "}.";
            out.add(new SampleRecord(x.sampleId(), x.suite(), x.problemId(), x.sampleIndex(), x.seed(), x.promptSha256(), text, null, x.finishReason(),
                    x.promptTokens(), x.completionTokens(), x.tokensEstimated(), x.timings(), x.verdict(), x.extracted(), x.voteKey(), x.detail(),
                    x.finishedAt()));
        }
        return new RunReport(r.dir(), r.manifest(), r.summary(), out, r.errors());
    }
}
