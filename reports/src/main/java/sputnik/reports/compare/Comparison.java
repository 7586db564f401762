package sputnik.reports.compare;

import java.util.List;

/**
 * A paired comparison of two runs on the problems both completed.
 *
 * @param sharedProblems problems compared: complete in both runs
 * @param deltaPassAt1   new pass@1 minus base pass@1 over the shared problems
 * @param test           "mcnemar-exact" (one sample per problem in both runs) or "sign-test" (per-problem rates)
 * @param discordant     for McNemar: problems solved only by base, and only by new; for the sign test:
 *                       problems whose rate fell, and rose
 * @param regression     pass@1 dropped significantly, by at least minDelta, on the shared problems
 * @param allowPartial   --allow-partial: a partial comparison may pass the gate
 * @param gate           what --fail-on-regression decides: "pass", "regression" (exit 1) or "incomplete" (exit 3:
 *                       the comparison is partial and --allow-partial was not given)
 * @param coverage       what was compared, and what each run is missing
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
        boolean allowPartial,
        String gate,
        ComparedCoverage coverage,
        List<Row> problems) {

    public static final String PASS = "pass";
    public static final String REGRESSION = "regression";
    public static final String INCOMPLETE = "incomplete";

    /** One shared problem; "solved" means at least half of its samples were correct. */
    public record Row(String problemId, int baseCorrect, int baseSamples, int newCorrect, int newSamples, double delta, boolean lost, boolean gained) {}
}
