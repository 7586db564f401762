package sputnik.harness.cli;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.api.UsageException;

/**
 * Checks, before any grading starts, that the grader can grade every problem it is about to be given
 * ({@link Grader#ungradable}), so that a grader that does not fit the data (the aime grader on a
 * fraction) is one line naming the problem and what to do, and nothing is half graded.
 */
final class GradableProblems {
    private GradableProblems() {}

    /** Every problem of {@code problems}, from {@code suite}, each checked once. */
    static void require(Grader grader, Suite suite, Collection<Problem> problems) throws UsageException {
        Set<String> checked = new HashSet<>();
        for (Problem p : problems) {
            if (checked.add(p.id())) require(grader, p, "suite " + suite.name() + ", problem '" + p.id() + "'");
        }
    }

    /** One problem; {@code where} says where it came from ("FILE line 3"). */
    static void require(Grader grader, Problem problem, String where) throws UsageException {
        String why = grader.ungradable(problem);
        if (why != null) throw new UsageException(where + ": " + why);
    }
}
