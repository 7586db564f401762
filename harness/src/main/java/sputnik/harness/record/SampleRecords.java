package sputnik.harness.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            if (old == null || (old.verdict() == Verdict.SANDBOX_ERROR)) byId.put(r.sampleId(), r);
        }
        return new ArrayList<>(byId.values());
    }

    /** Graded: a verdict about the response, not about the grader. */
    public static boolean graded(SampleRecord r) {
        return r.verdict() != Verdict.SANDBOX_ERROR;
    }
}
