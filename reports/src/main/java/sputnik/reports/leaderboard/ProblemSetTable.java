package sputnik.reports.leaderboard;

import java.util.List;

/**
 * The runs of one suite over one problem set, ranked against each other: complete runs first, by
 * pass@1, then (with --include-incomplete) the incomplete ones, unranked.
 *
 * @param problemSet     fingerprint of the planned problems (suite, dataset hash, problem ids)
 * @param problems       how many problems the set holds
 * @param setsInSuite    how many problem sets this suite's runs fall into (more than 1: tables not comparable)
 */
public record ProblemSetTable(String suite, String problemSet, int problems, int setsInSuite, List<LeaderboardRow> rows) {
    public ProblemSetTable {
        rows = List.copyOf(rows);
    }

    /** "arith: 200 problems" */
    public String title() {
        return suite + ": " + problems + " problem" + (problems == 1 ? "" : "s");
    }

    /** Said under the title when a suite has runs over several problem sets. */
    public String note() {
        if (setsInSuite < 2) return null;
        return "The runs of " + suite + " cover " + setsInSuite + " different problem sets; each set is ranked on its own (this one: set "
                + problemSet + "). Their pass@1 are means over different problems and are not comparable across tables.";
    }
}
