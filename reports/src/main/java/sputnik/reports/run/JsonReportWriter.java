package sputnik.reports.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;
import sputnik.harness.util.Json;
import sputnik.reports.claims.ClaimNotes;

/** report.json: the scores together with the exact config, environment, sessions and unresolved errors. */
public final class JsonReportWriter implements ReportWriter {
    @Override
    public String name() {
        return "json-report";
    }

    @Override
    public String description() {
        return "report.json: scores, config, environment, sessions and errors in one file for tools";
    }

    @Override
    public String fileName() {
        return "report.json";
    }

    @Override
    public void write(RunReport r, OutputStream out) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("summary", r.summary());
        doc.put("warnings", GradingNotes.of(r.manifest().config(), r.summary()));
        ClaimNotes.Outcome claim = ClaimNotes.of(r);
        if (claim.check() != null) doc.put("claim", claim.check());
        if (claim.problem() != null) doc.put("claim_problem", claim.problem());
        java.util.List<BasePlusScores.Score> basePlus = BasePlusScores.of(r);
        if (!basePlus.isEmpty()) doc.put("evalplus", basePlus);
        Breakdowns.Result breakdowns = Breakdowns.of(r);
        doc.put("breakdowns", breakdowns.breakdowns());
        if (breakdowns.unavailable() != null) doc.put("breakdowns_unavailable", breakdowns.unavailable());
        doc.put("config", r.manifest().config());
        doc.put("scope", r.manifest().scope());
        doc.put("environment", r.manifest().environment());
        doc.put("sessions", r.manifest().sessions());
        doc.put("unresolved_errors", ReportTables.errors(r).rows().stream()
                .map(row -> Map.of("sample_id", row.get(0), "at", row.get(1), "error", row.get(2))).toList());
        out.write(Json.pretty(doc).getBytes(StandardCharsets.UTF_8));
    }
}
