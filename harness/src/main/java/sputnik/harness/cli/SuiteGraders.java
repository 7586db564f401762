package sputnik.harness.cli;

import sputnik.harness.api.Grader;
import sputnik.harness.api.Suite;
import sputnik.harness.api.UsageException;
import sputnik.harness.registry.Plugins;

/** The installed grader a command grades with, given the options its suite sets for it. */
final class SuiteGraders {
    private SuiteGraders() {}

    /**
     * The grader {@code name}; when it is the suite's own grader, with the suite's {@code grader_options}
     * (options written for one grader mean nothing to another one chosen with --grader).
     */
    static Grader named(String name, Suite suite) throws UsageException {
        Grader g = Plugins.graders().get(name);
        return suite != null && name.equals(suite.grader()) ? g.withOptions(suite.graderOptions()) : g;
    }
}
