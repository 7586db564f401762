package sputnik.reports.coverage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sputnik.harness.metrics.Summary;
import sputnik.harness.report.RunReport;
import sputnik.harness.util.Hashing;

/**
 * How much of what a run planned is done. The plan is run.json's scope (its problems, k samples
 * each); a problem is complete when all k of its samples are graded. Scores of an incomplete run
 * average over whatever was finished, so anything that ranks or gates runs must look here first.
 *
 * @param plannedIds        the problems in scope, in scope order
 * @param samplesPerProblem k, the samples planned per problem
 * @param completeIds       the problems with all k samples graded, in scope order
 * @param problemsStarted   problems with at least one graded sample
 * @param samplesDone       graded samples in scope
 * @param fewestSamples     the fewest graded samples of a started problem (0 when none started)
 * @param mostSamples       the most graded samples of a started problem
 * @param problemSet        a fingerprint of which problems the run planned (see {@link #problemSet(String, String, List)})
 */
public record Coverage(
        List<String> plannedIds, int samplesPerProblem, Set<String> completeIds, int problemsStarted, int samplesDone,
        int fewestSamples, int mostSamples, String problemSet) {

    public Coverage {
        plannedIds = List.copyOf(plannedIds);
        completeIds = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(completeIds));
    }

    public static Coverage of(RunReport r) {
        return of(r.manifest(), r.summary());
    }

    /** From run.json and the run's scores: all coverage needs, so a run read back from the results database has the same. */
    public static Coverage of(sputnik.harness.record.RunManifest manifest, Summary summary) {
        var scope = manifest.scope();
        int k = scope.samplesPerProblem();
        Set<String> complete = new LinkedHashSet<>();
        int started = 0, done = 0, fewest = Integer.MAX_VALUE, most = 0;
        // Summary rows hold only graded samples of problems in scope with a sample index below k.
        for (Summary.ProblemRow p : summary.perProblem()) {
            started++;
            done += p.samples();
            fewest = Math.min(fewest, p.samples());
            most = Math.max(most, p.samples());
            if (p.samples() >= k) complete.add(p.problemId());
        }
        Set<String> inScopeOrder = new LinkedHashSet<>();
        for (String id : scope.problemIds()) if (complete.contains(id)) inScopeOrder.add(id);
        Map<String, Object> c = manifest.config();
        return new Coverage(scope.problemIds(), k, inScopeOrder, started, done, started == 0 ? 0 : fewest, most,
                problemSet(String.valueOf(c.get("suite")), String.valueOf(c.get("dataset_sha256")), scope.problemIds()));
    }

    /**
     * Runs with the same fingerprint planned the same problems of the same data: the suite, its
     * dataset hash (a new dataset version may reuse ids for other problems) and the problem ids in
     * scope. 12 hex digits of SHA-256: a name to tell sets apart, not a security measure.
     */
    public static String problemSet(String suite, String datasetSha256, List<String> problemIds) {
        return Hashing.sha256(suite + "\n" + datasetSha256 + "\n" + String.join("\n", problemIds)).substring(0, 12);
    }

    public int problemsPlanned() {
        return plannedIds.size();
    }

    public int problemsComplete() {
        return completeIds.size();
    }

    public int samplesPlanned() {
        return plannedIds.size() * samplesPerProblem;
    }

    /** Every planned sample is graded. A run that planned nothing is not complete: there is nothing to score. */
    public boolean complete() {
        return !plannedIds.isEmpty() && completeIds.size() == plannedIds.size();
    }

    /** The planned problems that are not complete, in scope order. */
    public List<String> incompleteIds() {
        List<String> out = new ArrayList<>();
        for (String id : plannedIds) if (!completeIds.contains(id)) out.add(id);
        return out;
    }

    /**
     * Problems x samples done of planned, e.g. "200x16 of 200x16", "200x1 of 200x16" (every problem
     * has 1 of its 16 samples), "73x1-4 of 200x4" (73 problems started, with 1 to 4 samples each).
     */
    public String label() {
        String planned = problemsPlanned() + "x" + samplesPerProblem;
        if (problemsStarted == 0) return "0 of " + planned;
        String k = fewestSamples == mostSamples ? String.valueOf(mostSamples) : fewestSamples + "-" + mostSamples;
        return problemsStarted + "x" + k + " of " + planned;
    }

    /** The first {@code n} of {@code ids}, and "…" when there are more: for messages. */
    public static String firstFew(List<String> ids, int n) {
        return ids.size() <= n ? String.join(", ", ids) : String.join(", ", ids.subList(0, n)) + ", …";
    }
}
