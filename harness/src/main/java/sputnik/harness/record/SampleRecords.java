package sputnik.harness.record;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sputnik.harness.api.Verdict;

/**
 * The records of samples.jsonl that count. The file is append-only, so a sample may appear more than
 * once: a record a grader could not finish ({@link Verdict#SANDBOX_ERROR}, the grader's fault) is
 * followed by the record of the same response graded again on a later run. Per sample id the first
 * record with a real verdict wins; a sample with none keeps its last sandbox-error record, which says
 * the sample still waits for grading. Order: the winning records in the order their ids first appear.
 */
public final class SampleRecords {
    private SampleRecords() {}

    public static List<SampleRecord> effective(List<SampleRecord> records) {
        Map<String, SampleRecord> byId = new LinkedHashMap<>();
        for (SampleRecord r : records) {
            SampleRecord old = byId.get(r.sampleId());
            if (old == null || old.verdict().awaitsGrading()) byId.put(r.sampleId(), r);
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * The records a run's scores count: the effective ones that are graded, of a problem in scope, with a
     * sample index below k. Samples outside the scope stay in samples.jsonl when a run is narrowed with
     * a smaller --limit or --samples; they are kept, not scored.
     */
    public static List<SampleRecord> scored(List<SampleRecord> records, Collection<String> problemIds, int k) {
        Set<String> inScope = new HashSet<>(problemIds);
        List<SampleRecord> out = new ArrayList<>();
        for (SampleRecord r : effective(records)) {
            if (inScope(r, inScope, k) && graded(r)) out.add(r);
        }
        return out;
    }

    /** Of a problem in scope, with a sample index below k. */
    public static boolean inScope(SampleRecord r, Set<String> problemIds, int k) {
        return problemIds.contains(r.problemId()) && r.sampleIndex() < k;
    }

    /** Graded: a verdict about the response, not about the grader. */
    public static boolean graded(SampleRecord r) {
        return !r.verdict().awaitsGrading();
    }
}
