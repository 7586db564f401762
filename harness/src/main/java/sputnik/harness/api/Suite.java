package sputnik.harness.api;

import java.util.List;

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
 */
public record Suite(
        String name,
        String version,
        String datasetSha256,
        String promptTemplate,
        String grader,
        SuiteDefaults defaults,
        List<Problem> problems) {

    public Suite {
        problems = List.copyOf(problems);
    }
}
