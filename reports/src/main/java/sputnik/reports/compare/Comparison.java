package sputnik.reports.compare;

import java.util.List;

/**
 * A paired comparison of two runs on the problems both scored.
 *
 * @param deltaPassAt1 new pass@1 minus base pass@1 over the shared problems
 * @param test         "mcnemar-exact" (one sample per problem in both runs) or "sign-test" (per-problem rates)
 * @param discordant   for McNemar: problems solved only by base, and only by new; for the sign test:
 *                     problems whose rate fell, and rose
 */
public record Comparison(
        String baseDir,
        String newDir,
        int sharedProblems,
        double basePassAt1,
        double newPassAt1,
        double deltaPassAt1,
        double ciLow,
        double ciHigh,
        String test,
        int worse,
        int better,
        double pValue,
        double alpha,
        double minDelta,
        boolean regression,
        List<Row> problems) {

    /** One shared problem; "solved" means at least half of its samples were correct. */
    public record Row(String problemId, int baseCorrect, int baseSamples, int newCorrect, int newSamples, double delta, boolean lost, boolean gained) {}
}
