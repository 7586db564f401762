package sputnik.reports.web;

import java.nio.file.Path;
import java.util.Optional;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.record.PromptRecord;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReports;
import sputnik.harness.util.Hashing;
import sputnik.reports.suite.SuiteData;

/**
 * A sample's prompt: from the run's prompts.jsonl when its directory is here, else (runs before prompts.jsonl,
 * or a database without the directory) rendered again from the suite's data on this
 * machine (never downloaded by a page view) with the run's prompt template, and shown only when its
 * SHA-256 is the one the run recorded, so the page never shows a prompt the model did not see.
 */
final class PromptLookup {
    /** The prompt's text when it could be checked, else null; and what the page says about it. */
    record Found(String text, String note) {}

    Found find(Path runDir, RunManifest m, SampleRecord x) {
        PromptRecord recorded = recorded(runDir, x.promptSha256());
        if (recorded != null) return new Found(recorded.prompt().display(), "As the run recorded it (prompts.jsonl in its directory).");
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

    /** The prompt from the run's own prompts.jsonl, when the run directory is on this machine and has it. */
    private static PromptRecord recorded(Path runDir, String sha256) {
        try {
            PromptRecord r = RunReports.prompts(runDir).get(sha256);
            return r != null && Hashing.sha256(r.prompt().display()).equals(sha256) ? r : null;
        } catch (Exception e) {
            return null; // not on this machine, or unreadable: rendered from the suite's data instead
        }
    }
}
