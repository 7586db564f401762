package sputnik.harness.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.RunScorer;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.ErrorRecord;
import sputnik.harness.record.PromptRecord;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.record.SampleRecords;
import sputnik.harness.util.Json;

/**
 * Puts the shards of a run ({@code run --shard I/N}) back into one run directory. It refuses shards
 * that are not of one run (configs or plans differ: the keys are named, as a resume names them), that
 * overlap (a shard given twice, or a sample in a shard it does not belong to), or that leave samples
 * missing (listed; {@code allowPartial} merges anyway, and the merged run resumes like any other).
 *
 * <p>The merged directory is an ordinary run: run.json without a shard, samples.jsonl in the plan's
 * order (problems in scope order, then sample index: a run appends in the order samples finish, so
 * this is the one order every split gives), errors.jsonl with the failures of samples still missing,
 * and summary.json scored from the samples, as any run's is. It is written beside its target and
 * moved into place whole.
 */
public final class ShardMerge {
    private ShardMerge() {}

    /** Refused because samples are missing: the shards may still be running ({@code merge --wait} waits for them). */
    public static final class Incomplete extends UsageException {
        public Incomplete(String message) {
            super(message);
        }
    }

    /** What a merge did: the shards, how many samples it wrote, and the samples still missing (when partial). */
    public record Result(Path out, int shards, int count, int samples, List<String> missing) {}

    private record Part(Path dir, Shard shard, RunManifest manifest, List<SampleRecord> samples, List<ErrorRecord> errors) {}

    public static Result merge(List<Path> dirs, Path out, boolean allowPartial) throws IOException, UsageException {
        List<Part> parts = new ArrayList<>();
        for (Path d : dirs) {
            RunDirectory rd = RunDirectory.existing(d);
            RunManifest m = rd.readManifest();
            if (m.scope().shard() == null) {
                throw new UsageException(d + " is not a shard (its run.json names none): merge takes the directories of 'run --shard I/N'");
            }
            parts.add(new Part(d, Shard.parse(m.scope().shard(), Map.of()), m, rd.readSamples(), rd.readErrors()));
        }
        Part first = parts.getFirst();
        int n = first.shard().count();
        Map<Integer, Part> byIndex = new TreeMap<>();
        for (Part p : parts) {
            if (p.shard().count() != n) {
                throw new UsageException("the shards are of different splits: " + first.dir() + " is shard " + first.shard() + ", " + p.dir()
                        + " is shard " + p.shard() + "; merge the shards of one split");
            }
            List<String> diff = ConfigDiff.differingKeys(first.manifest().config(), p.manifest().config());
            if (!diff.isEmpty()) {
                throw new UsageException(p.dir() + " is not a shard of the same run as " + first.dir() + ": its config differs in "
                        + String.join(", ", diff));
            }
            String plan = planDiff(first.manifest().scope(), p.manifest().scope());
            if (plan != null) {
                throw new UsageException(p.dir() + " planned other samples than " + first.dir() + " (" + plan + "): run every shard with the same"
                        + " --limit and --samples (a shard extended later is run again with the new ones)");
            }
            Part twice = byIndex.put(p.shard().index(), p);
            if (twice != null) {
                throw new UsageException("the shards overlap: shard " + p.shard() + " is given twice, " + twice.dir() + " and " + p.dir());
            }
            for (SampleRecord r : p.samples()) {
                if (!p.shard().owns(r.sampleId())) {
                    throw new UsageException("the shards overlap: " + p.dir() + " holds sample " + r.sampleId() + ", which belongs to shard "
                            + Shard.of(r.sampleId(), n) + "/" + n + ", not " + p.shard());
                }
            }
        }
        RunManifest.Scope scope = first.manifest().scope();
        String suite = String.valueOf(first.manifest().config().get("suite"));
        Map<String, SampleRecord> byId = new HashMap<>();
        for (Part p : parts) for (SampleRecord r : p.samples()) byId.put(r.sampleId(), r);
        List<String> missing = new ArrayList<>();
        for (String problem : scope.problemIds()) {
            for (int i = 0; i < scope.samplesPerProblem(); i++) {
                String id = SampleIds.id(suite, problem, i);
                SampleRecord r = byId.get(id);
                if (r == null || !SampleRecords.graded(r)) missing.add(id);
            }
        }
        if (!missing.isEmpty() && !allowPartial) {
            List<String> absent = new ArrayList<>();
            for (int i = 0; i < n; i++) if (!byIndex.containsKey(i)) absent.add(i + "/" + n);
            throw new Incomplete("the shards leave " + missing.size() + " samples missing" + (absent.isEmpty() ? "" : " (shard"
                    + (absent.size() == 1 ? " " : "s ") + String.join(", ", absent) + " not given)") + ": " + firstFew(missing)
                    + "; finish or add those shards, or pass --allow-partial to merge what is there");
        }
        List<SampleRecord> samples = new ArrayList<>(byId.values());
        samples.sort(planOrder(scope));
        Set<String> missingIds = new HashSet<>(missing);
        List<ErrorRecord> errors = new ArrayList<>();
        for (Part p : parts) for (ErrorRecord e : p.errors()) if (missingIds.contains(e.sampleId())) errors.add(e);
        Map<String, PromptRecord> prompts = new LinkedHashMap<>();
        for (Part p : parts) new RunDirectory(p.dir()).readPrompts().forEach(prompts::putIfAbsent);
        write(out, manifest(parts, scope), samples, errors, prompts.values());
        return new Result(out, parts.size(), n, samples.size(), missing);
    }

    /** How two shards' plans differ, or null when they planned the same problems and samples. */
    private static String planDiff(RunManifest.Scope a, RunManifest.Scope b) {
        if (a.samplesPerProblem() != b.samplesPerProblem()) return "samples per problem " + a.samplesPerProblem() + " vs " + b.samplesPerProblem();
        if (!Objects.equals(a.limit(), b.limit())) return "--limit " + a.limit() + " vs " + b.limit();
        if (!a.problemIds().equals(b.problemIds())) return "problems: " + a.problemIds().size() + " vs " + b.problemIds().size();
        return null;
    }

    /** Problems in scope order (others after, by id), then sample index. */
    static Comparator<SampleRecord> planOrder(RunManifest.Scope scope) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < scope.problemIds().size(); i++) position.putIfAbsent(scope.problemIds().get(i), i);
        return Comparator.<SampleRecord>comparingInt(r -> position.getOrDefault(r.problemId(), Integer.MAX_VALUE))
                .thenComparing(SampleRecord::problemId).thenComparingInt(SampleRecord::sampleIndex);
    }

    /** The run's own run.json: the shards' config and plan, their sessions in time order, and where it came from. */
    private static RunManifest manifest(List<Part> parts, RunManifest.Scope scope) {
        RunManifest first = parts.getFirst().manifest();
        List<RunManifest.Session> sessions = new ArrayList<>();
        List<Map<String, Object>> from = new ArrayList<>();
        for (Part p : parts) {
            sessions.addAll(p.manifest().sessions());
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("dir", p.dir().toAbsolutePath().normalize().toString());
            f.put("shard", p.shard().toString());
            from.add(f);
        }
        sessions.sort(Comparator.comparing(RunManifest.Session::startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        from.sort(Comparator.comparing(f -> String.valueOf(f.get("shard"))));
        Map<String, Object> env = new LinkedHashMap<>(first.environment());
        env.put("merged_from", from);
        return new RunManifest(first.sputnikVersion(), first.config(),
                scope.whole(), env, sessions);
    }

    private static void write(Path out, RunManifest m, List<SampleRecord> samples, List<ErrorRecord> errors, java.util.Collection<PromptRecord> prompts)
            throws IOException, UsageException {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && (!Files.isDirectory(target) || hasEntries(target))) {
            throw new UsageException("--out " + out + " already exists: merge into a new directory");
        }
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".merging-");
        try {
            RunDirectory rd = new RunDirectory(staging);
            rd.writeManifest(m);
            StringBuilder b = new StringBuilder();
            for (SampleRecord r : samples) b.append(Json.line(r)).append('\n');
            Files.writeString(rd.samplesFile(), b);
            StringBuilder pr = new StringBuilder();
            for (PromptRecord r : prompts) pr.append(Json.line(r)).append('\n');
            if (!prompts.isEmpty()) Files.writeString(rd.promptsFile(), pr);
            StringBuilder e = new StringBuilder();
            for (ErrorRecord r : errors) e.append(Json.line(r)).append('\n');
            if (!errors.isEmpty()) Files.writeString(rd.errorsFile(), e);
            Summary s = RunScorer.score(m.config(), m.scope().problemIds(), m.scope().samplesPerProblem(), samples);
            rd.writeSummary(s);
            Files.deleteIfExists(target); // an empty directory
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) {
                try (var walk = Files.walk(staging)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private static String firstFew(List<String> ids) {
        return ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5)) + ", … (" + (ids.size() - 5) + " more)";
    }
}
