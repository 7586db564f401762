package sputnik.reports.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import sputnik.reports.coverage.Coverage;

/**
 * What a comparison covers. Only problems complete in both runs (all of each run's samples graded) are
 * compared: a half-finished problem's rate is noisier than the base's, and a problem one run never
 * reached says nothing. The comparison is partial when it leaves out something the base stands for:
 * either run unfinished, or NEW planned fewer problems or fewer samples per problem than BASE. A NEW
 * that planned more than BASE is not partial: all that BASE can vouch for is compared, the rest has no
 * base and is listed as missing from base.
 *
 * @param comparedProblems problems complete in both runs: the only ones compared
 * @param problemsInEither problems in either run's scope
 * @param partial          the comparison leaves out part of what base covers or planned; see reasons
 * @param reasons          one line per shortfall, for people
 * @param base             base's coverage
 * @param next             new's coverage
 */
public record ComparedCoverage(int comparedProblems, int problemsInEither, boolean partial, List<String> reasons, Side base,
        @JsonProperty("new") Side next) {

    /** How many ids of a run's shortfall to name in messages. */
    static final int FIRST_FEW = 5;

    /**
     * @param coverage          problems x samples done of planned, e.g. "72x2 of 200x2"
     * @param missing           problems in either run's scope that this run did not complete
     * @param firstMissing      the first few of those, in scope order
     */
    public record Side(String coverage, int problemsPlanned, int samplesPerProblem, int problemsComplete, int samplesDone, int samplesPlanned,
            boolean complete, int missing, List<String> firstMissing) {}

    /** The problems both runs completed, in base's order. */
    static List<String> compared(Coverage base, Coverage next) {
        return base.completeIds().stream().filter(next.completeIds()::contains).toList();
    }

    static ComparedCoverage of(Coverage base, Coverage next) {
        Set<String> either = new LinkedHashSet<>(base.plannedIds());
        either.addAll(next.plannedIds());
        List<String> reasons = new ArrayList<>();
        if (!base.complete()) reasons.add("base is incomplete: " + unfinished(base));
        if (!next.complete()) reasons.add("new is incomplete: " + unfinished(next));
        Set<String> nextPlanned = new HashSet<>(next.plannedIds());
        List<String> notPlanned = base.plannedIds().stream().filter(id -> !nextPlanned.contains(id)).toList();
        if (!notPlanned.isEmpty()) {
            reasons.add("new covers fewer problems than base: it planned " + (base.problemsPlanned() - notPlanned.size()) + " of base's "
                    + base.problemsPlanned() + " (not planned: " + Coverage.firstFew(notPlanned, FIRST_FEW) + ")");
        }
        if (next.samplesPerProblem() < base.samplesPerProblem()) {
            reasons.add("new has " + next.samplesPerProblem() + " sample" + (next.samplesPerProblem() == 1 ? "" : "s") + " per problem, base "
                    + base.samplesPerProblem());
        }
        return new ComparedCoverage(compared(base, next).size(), either.size(), !reasons.isEmpty(), reasons, side(base, either), side(next, either));
    }

    private static String unfinished(Coverage c) {
        List<String> left = c.incompleteIds();
        return c.problemsComplete() + " of " + c.problemsPlanned() + " problems complete (" + c.samplesDone() + " of " + c.samplesPlanned()
                + " samples graded; not complete: " + Coverage.firstFew(left, FIRST_FEW) + ")";
    }

    private static Side side(Coverage c, Set<String> either) {
        List<String> missing = either.stream().filter(id -> !c.completeIds().contains(id)).toList();
        return new Side(c.label(), c.problemsPlanned(), c.samplesPerProblem(), c.problemsComplete(), c.samplesDone(), c.samplesPlanned(),
                c.complete(), missing.size(), List.copyOf(missing.subList(0, Math.min(FIRST_FEW, missing.size()))));
    }

    /** What makes the comparison whole: finish what is unfinished, widen what is narrower. */
    public String remedy() {
        List<String> steps = new ArrayList<>();
        if (!base.complete() || !next.complete()) steps.add("finish the unfinished run (run its command again)");
        if (reasons.stream().anyMatch(r -> r.startsWith("new covers fewer") || r.startsWith("new has"))) {
            steps.add("run new with base's --limit and --samples");
        }
        return String.join(" and ", steps);
    }

    /** "compared only 72 of 200 problems", or "compared all 200 problems". */
    public String headline() {
        return comparedProblems == problemsInEither ? "compared all " + comparedProblems + " problems"
                : "compared only " + comparedProblems + " of " + problemsInEither + " problems";
    }
}
