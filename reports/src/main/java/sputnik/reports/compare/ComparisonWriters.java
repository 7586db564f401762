package sputnik.reports.compare;

import java.util.Locale;
import sputnik.reports.format.Format;
import sputnik.reports.format.Html;

/** The comparison as Markdown (for $GITHUB_STEP_SUMMARY) and JUnit XML (one test case per problem). */
public final class ComparisonWriters {
    private ComparisonWriters() {}

    public static String markdown(Comparison c, String suite) {
        StringBuilder b = new StringBuilder();
        ComparedCoverage cov = c.coverage();
        b.append("## Sputnik compare: ").append(suite).append(" — ").append(verdict(c)).append("\n\n");
        if (cov.partial()) {
            b.append(c.allowPartial()
                    ? "> **Warning: partial comparison (--allow-partial).** The numbers below cover only the " + cov.comparedProblems()
                            + " problems both runs completed, not the whole suite: " + String.join("; ", cov.reasons()) + ".\n\n"
                    : "> **The gate cannot pass: the comparison is incomplete.** " + capitalized(String.join("; ", cov.reasons()))
                            + ". To decide: " + cov.remedy() + ", or pass `--allow-partial` to gate on the "
                            + cov.comparedProblems() + " problems both completed. The numbers below are not a verdict.\n\n");
        }
        b.append(coverage(cov));
        b.append("| | base | new | Δ |\n|---|---|---|---|\n");
        b.append("| pass@1 (").append(c.sharedProblems()).append(" shared problems) | ").append(Format.pct(c.basePassAt1())).append(" | ")
                .append(Format.pct(c.newPassAt1())).append(" | ").append(signedPct(c.deltaPassAt1())).append(" (95% CI ")
                .append(signedPct(c.ciLow())).append(" to ").append(signedPct(c.ciHigh())).append(") |\n\n");
        b.append(String.format(Locale.ROOT, "Test: %s, %d problems worse, %d better, two-sided p = %.4g; gate: p < %s and drop >= %s → %s.%n%n",
                c.test(), c.worse(), c.better(), c.pValue(), c.alpha(), Format.pct(c.minDelta()), switch (c.gate()) {
                    case Comparison.INCOMPLETE -> "FAIL (incomplete)";
                    case Comparison.REGRESSION -> "FAIL";
                    default -> "pass";
                }));
        b.append("Base: `").append(c.baseDir()).append("`  \nNew: `").append(c.newDir()).append("`\n\n");
        long lost = c.problems().stream().filter(Comparison.Row::lost).count();
        long gained = c.problems().stream().filter(Comparison.Row::gained).count();
        b.append("Problems lost (solved by base, not by new): ").append(lost).append("; gained: ").append(gained).append(".\n\n");
        b.append("| problem | base | new | Δ pass@1 | |\n|---|---|---|---|---|\n");
        for (Comparison.Row r : c.problems()) {
            if (r.delta() == 0) continue;
            b.append("| ").append(r.problemId()).append(" | ").append(r.baseCorrect()).append('/').append(r.baseSamples()).append(" | ")
                    .append(r.newCorrect()).append('/').append(r.newSamples()).append(" | ").append(signedPct(r.delta())).append(" | ")
                    .append(r.lost() ? "lost" : r.gained() ? "gained" : "").append(" |\n");
        }
        return b.toString();
    }

    /** The heading's verdict: an incomplete comparison says so before anything else. */
    static String verdict(Comparison c) {
        String scores = c.regression() ? "**REGRESSION**" : c.deltaPassAt1() < 0 ? "no significant regression" : "no regression";
        if (!c.coverage().partial()) return scores;
        String what = c.coverage().comparedProblems() + " of " + c.coverage().problemsInEither() + " problems";
        return c.allowPartial() ? "**PARTIAL** (" + what + ", --allow-partial): " + scores : "**INCOMPLETE**: " + c.coverage().headline() + ", no verdict";
    }

    /** What each run covered and what it is missing. */
    static String coverage(ComparedCoverage cov) {
        StringBuilder b = new StringBuilder("Coverage: ").append(cov.headline()).append(" (complete in both runs).\n\n");
        b.append("| coverage | base | new |\n|---|---|---|\n");
        b.append("| problems x samples done of planned | ").append(cov.base().coverage()).append(" | ").append(cov.next().coverage()).append(" |\n");
        b.append("| problems complete | ").append(cov.base().problemsComplete()).append(" of ").append(cov.base().problemsPlanned()).append(" | ")
                .append(cov.next().problemsComplete()).append(" of ").append(cov.next().problemsPlanned()).append(" |\n\n");
        b.append("Missing (of the ").append(cov.problemsInEither()).append(" problems in either run's scope, not complete in that run): ")
                .append(missing("base", cov.base())).append("; ").append(missing("new", cov.next())).append(".\n\n");
        return b.toString();
    }

    static String missing(String name, ComparedCoverage.Side s) {
        if (s.missing() == 0) return name + ": none";
        return name + ": " + s.missing() + " problem" + (s.missing() == 1 ? "" : "s") + " missing (" + String.join(", ", s.firstMissing())
                + (s.missing() > s.firstMissing().size() ? ", …" : "") + ")";
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public static String junit(Comparison c, String suite) {
        long failures = c.problems().stream().filter(Comparison.Row::lost).count();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"sputnik.compare.").append(Html.esc(suite)).append("\" tests=\"").append(c.problems().size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"0\">\n");
        for (Comparison.Row r : c.problems()) {
            b.append("  <testcase classname=\"").append(Html.esc(suite)).append("\" name=\"").append(Html.esc(r.problemId())).append('"');
            if (r.lost()) {
                b.append(">\n    <failure message=\"lost: base ").append(r.baseCorrect()).append('/').append(r.baseSamples()).append(" correct, new ")
                        .append(r.newCorrect()).append('/').append(r.newSamples()).append("\"/>\n  </testcase>\n");
            } else {
                b.append("/>\n");
            }
        }
        return b.append("</testsuite>\n").toString();
    }

    static String signedPct(double d) {
        return (d > 0 ? "+" : "") + String.format(Locale.ROOT, "%.1f pp", 100 * d);
    }
}
