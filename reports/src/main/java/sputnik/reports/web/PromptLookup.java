package sputnik.reports.web;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.util.Hashing;

/**
 * A sample's prompt, which a run records only as a hash: rendered again from the suite's data on this
 * machine (never downloaded by a page view) with the run's prompt template, and shown only when its
 * SHA-256 is the one the run recorded, so the page never shows a prompt the model did not see.
 */
final class PromptLookup {
    /** The prompt's text when it could be checked, else null; and what the page says about it. */
    record Found(String text, String note) {}

    /** Suites loaded once per server (a suite and template), or why they could not be. */
    private final Map<String, Object> suites = new ConcurrentHashMap<>();

    Found find(RunManifest m, SampleRecord x) {
        String suiteName = m.configString("suite"), template = m.configString("prompt_template");
        Object loaded = suites.computeIfAbsent(suiteName + "\n" + template, k -> load(suiteName, template));
        if (loaded instanceof String why) return new Found(null, "Not shown: " + why + ".");
        Suite suite = (Suite) loaded;
        if (!String.valueOf(m.configString("dataset_sha256")).equals(suite.datasetSha256())) {
            return new Found(null, "Not shown: the " + suiteName + " data on this machine is another version (dataset SHA-256 "
                    + suite.datasetSha256() + ", the run's " + m.configString("dataset_sha256") + ").");
        }
        Optional<Problem> p = suite.problems().stream().filter(q -> q.id().equals(x.problemId())).findFirst();
        if (p.isEmpty()) return new Found(null, "Not shown: the " + suiteName + " data on this machine has no problem " + x.problemId() + ".");
        String text = p.get().prompt().display();
        if (!Hashing.sha256(text).equals(x.promptSha256())) {
            return new Found(null, "Not shown: rendered here it has another SHA-256 than the prompt the run recorded.");
        }
        return new Found(text, "Rendered from the " + suiteName + " data on this machine with template " + template
                + "; its SHA-256 is the one the run recorded.");
    }

    private static Object load(String suite, String template) {
        try {
            SuiteOptions offline = CommandLine.populateCommand(new SuiteOptions(), "--offline");
            return offline.load(suite, template);
        } catch (Exception e) {
            return "the " + suite + " suite could not be loaded here (" + e.getMessage() + ")";
        }
    }
}
