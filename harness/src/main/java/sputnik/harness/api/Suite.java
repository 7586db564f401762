package sputnik.harness.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded evaluation suite: problems in their canonical order, plus what identifies the data and the
 * protocol it is scored under.
 *
 * @param name           short name ("aime2024")
 * @param version        the manifest's version; bumped whenever problems, template or grading change
 * @param datasetSha256  hash of the data file(s) the problems came from
 * @param promptTemplate name of the template that rendered the prompts
 * @param grader         name of the {@link Grader} that scores responses
 * @param defaults       the suite's protocol defaults (sampling, number of samples)
 * @param graderOptions  settings the suite gives its grader ({@link Grader#withOptions}); empty for none
 * @param metrics        the scores the suite's protocol reports ("pass@1", "cons@64"); empty: the usual set
 * @param breakdowns     the problem data keys reports break pass@1 down by; null: every key with 2 to 24 values
 * @param file           the suite file it was read from, when it is not built in (runs record it, so that
 *                       grading and reports read the same file again); null for a built-in suite
 */
public record Suite(
        String name,
        String version,
        String datasetSha256,
        String promptTemplate,
        String grader,
        SuiteDefaults defaults,
        List<Problem> problems,
        Map<String, Object> graderOptions,
        List<String> metrics,
        List<String> breakdowns,
        Path file) {

    public Suite {
        problems = List.copyOf(problems);
        graderOptions = graderOptions == null ? Map.of() : Map.copyOf(graderOptions);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        breakdowns = breakdowns == null ? null : List.copyOf(breakdowns);
    }

    /** A built-in suite with no grader options and the usual metrics. */
    public Suite(String name, String version, String datasetSha256, String promptTemplate, String grader, SuiteDefaults defaults,
            List<Problem> problems) {
        this(name, version, datasetSha256, promptTemplate, grader, defaults, problems, Map.of(), List.of(), null, null);
    }
}
