package sputnik.reports.web;

import sputnik.harness.plugin.SuiteOptions;
import java.util.Optional;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.util.Hashing;
import sputnik.reports.suite.SuiteData;

/**
 * A sample's prompt, which a run records only as a hash: rendered again from the suite's data on this
 * machine (never downloaded by a page view) with the run's prompt template, and shown only when its
 * SHA-256 is the one the run recorded, so the page never shows a prompt the model did not see.
 */
final class PromptLookup {
    /** The prompt's text when it could be checked, else null; and what the page says about it. */
    record Found(String text, String note) {}

    Found find(RunManifest m, SampleRecord x) {
        String suiteName = m.configString("suite"), template = m.configString("prompt_template");
        SuiteData.Loaded loaded = SuiteData.of(SuiteOptions.source(m.config()), template, String.valueOf(m.configString("dataset_sha256")));
        if (loaded.suite() == null) return new Found(null, "Not shown: " + loaded.why() + ".");
        Suite suite = loaded.suite();
        Optional<Problem> p = suite.problems().stream().filter(q -> q.id().equals(x.problemId())).findFirst();
        if (p.isEmpty()) return new Found(null, "Not shown: the " + suiteName + " data on this machine has no problem " + x.problemId() + ".");
        String text = p.get().prompt().display();
        if (!Hashing.sha256(text).equals(x.promptSha256())) {
            return new Found(null, "Not shown: rendered here it has another SHA-256 than the prompt the run recorded.");
        }
        return new Found(text, "Rendered from the " + suiteName + " data on this machine with template " + template
                + "; its SHA-256 is the one the run recorded.");
    }

}
