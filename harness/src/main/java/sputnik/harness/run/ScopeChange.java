package sputnik.harness.run;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;
import sputnik.harness.api.Problem;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.record.SampleRecords;

/**
 * Says so when a command covers less than the run already in its directory. A smaller --limit or --samples
 * is allowed (it scores a subset without touching the records), but it changes the headline, so the user
 * must hear that finished samples were left out and how to score them all again.
 */
final class ScopeChange {
    private ScopeChange() {}

    static void warnIfNarrowed(PrintStream err, RunPlan plan, Iterable<SampleRecord> existing) {
        Set<String> inScope = new HashSet<>();
        for (Problem p : plan.problems()) inScope.add(p.id());
        Set<String> problemsSeen = new HashSet<>();
        int samplesLeftOut = 0, maxSamples = 0;
        for (SampleRecord r : existing) {
            if (!SampleRecords.graded(r)) continue;
            problemsSeen.add(r.problemId());
            maxSamples = Math.max(maxSamples, r.sampleIndex() + 1);
            if (!SampleRecords.inScope(r, inScope, plan.samples())) samplesLeftOut++;
        }
        if (samplesLeftOut == 0) return;
        err.println("sputnik: this command scores less than the run in " + plan.out() + ": " + samplesLeftOut + " of its finished samples"
                + " stay on disk but are left out of these scores (it holds samples of " + problemsSeen.size() + " problems, up to " + maxSamples
                + " each; this command asks for " + plan.problems().size() + " x " + plan.samples() + "); --limit " + problemsSeen.size()
                + " --samples " + maxSamples + " scores them all");
    }
}
