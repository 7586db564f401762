package sputnik.reports.compare;

import java.util.Locale;
import sputnik.reports.format.Format;
import sputnik.reports.format.Html;

/** The comparison as Markdown (for $GITHUB_STEP_SUMMARY) and JUnit XML (one test case per problem). */
public final class ComparisonWriters {
    private ComparisonWriters() {}

    public static String markdown(Comparison c, String suite) {
        StringBuilder b = new StringBuilder();
        String verdict = c.regression() ? "**REGRESSION**" : c.deltaPassAt1() < 0 ? "no significant regression" : "no regression";
        b.append("## Sputnik compare: ").append(suite).append(" — ").append(verdict).append("\n\n");
        b.append("| | base | new | Δ |\n|---|---|---|---|\n");
        b.append("| pass@1 (").append(c.sharedProblems()).append(" shared problems) | ").append(Format.pct(c.basePassAt1())).append(" | ")
                .append(Format.pct(c.newPassAt1())).append(" | ").append(signedPct(c.deltaPassAt1())).append(" (95% CI ")
                .append(signedPct(c.ciLow())).append(" to ").append(signedPct(c.ciHigh())).append(") |\n\n");
        b.append(String.format(Locale.ROOT, "Test: %s, %d problems worse, %d better, two-sided p = %.4g; gate: p < %s and drop >= %s → %s.%n%n",
                c.test(), c.worse(), c.better(), c.pValue(), c.alpha(), Format.pct(c.minDelta()), c.regression() ? "FAIL" : "pass"));
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
