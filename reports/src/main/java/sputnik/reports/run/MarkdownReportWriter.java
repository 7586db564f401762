package sputnik.reports.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;
import sputnik.harness.util.Json;
import sputnik.reports.claims.ClaimNotes;

/** report.md: the whole report as GitHub-flavoured Markdown (no charts; see report.html). */
public final class MarkdownReportWriter implements ReportWriter {
    @Override
    public String name() {
        return "markdown";
    }

    @Override
    public String description() {
        return "report.md: scores, distributions, per-problem table, errors and config in Markdown";
    }

    @Override
    public String fileName() {
        return "report.md";
    }

    @Override
    public void write(RunReport r, OutputStream out) throws IOException {
        StringBuilder b = new StringBuilder();
        var c = r.manifest().config();
        b.append("# Sputnik report: ").append(c.get("suite")).append(" · ").append(c.get("model")).append("\n\n");
        b.append("Run directory `").append(r.dir()).append("`; engine `").append(c.get("engine")).append("`, grader `")
                .append(c.get("grader")).append("`, prompt `").append(c.get("prompt_template")).append("`, dataset sha256 `")
                .append(c.get("dataset_sha256")).append("`.\n\n");
        for (String note : GradingNotes.of(c, r.summary())) b.append("> **Warning:** ").append(note).append("\n\n");
        b.append("## Scores\n\n").append(table(ReportTables.headline(r.summary()))).append('\n');
        ClaimNotes.Outcome claim = ClaimNotes.of(r);
        if (claim.check() != null) {
            var cl = claim.check().claim();
            b.append("**Published claim** (").append(cl.source()).append(", ").append(cl.date()).append("): ").append(cl.model()).append(" ")
                    .append(cl.metric()).append(' ').append(cl.value()).append("%. **Verdict:** ").append(claim.check().sentence()).append(".\n\n");
        }
        List<BasePlusScores.Score> basePlus = BasePlusScores.of(r);
        if (!basePlus.isEmpty()) b.append(table(ReportTables.basePlus(basePlus))).append('\n');
        b.append(table(ReportTables.counts(r.summary()))).append('\n');
        b.append("## Tokens and latency\n\n").append(table(ReportTables.distributions(r.summary()))).append('\n');
        for (Breakdowns.Breakdown bd : Breakdowns.of(r).breakdowns()) {
            b.append("## By ").append(bd.field()).append("\n\n").append(table(ReportTables.breakdown(bd))).append('\n');
        }
        b.append("## Per problem\n\n").append(table(ReportTables.problems(r))).append('\n');
        ReportTables.Table errors = ReportTables.errors(r);
        b.append("## Errors\n\n");
        b.append(errors.rows().isEmpty() ? "No unresolved errors.\n\n"
                : errors.rows().size() + " samples failed and are not finished (run the same command again to retry them):\n\n" + table(errors) + "\n");
        b.append("## Configuration\n\n```json\n").append(Json.pretty(c)).append("```\n\n");
        b.append("Environment:\n\n```json\n").append(Json.pretty(r.manifest().environment())).append("```\n");
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String table(ReportTables.Table t) {
        StringBuilder b = new StringBuilder();
        b.append(row(t.header())).append(row(t.header().stream().map(h -> "---").toList()));
        for (List<String> r : t.rows()) b.append(row(r));
        return b.toString();
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(MarkdownReportWriter::escape).toList()) + " |\n";
    }

    static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
