package sputnik.reports.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.ReportWriter;
import sputnik.harness.report.RunReport;

/** samples.csv: one row per finished sample (no response text: that stays in samples.jsonl), for spreadsheets. */
public final class SamplesCsvWriter implements ReportWriter {
    static final String[] HEADER = {"sample_id", "problem_id", "sample_index", "seed", "verdict", "extracted", "vote_key",
        "rule", "truncated", "finish_reason", "prompt_tokens", "completion_tokens", "ttft_ms", "tpot_ms", "e2e_ms"};

    @Override
    public String name() {
        return "samples-csv";
    }

    @Override
    public String description() {
        return "samples.csv: one row per sample (verdict, extracted answer, tokens, latency)";
    }

    @Override
    public String fileName() {
        return "samples.csv";
    }

    @Override
    public void write(RunReport r, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
            for (SampleRecord s : r.samples()) {
                var t = s.timings();
                csv.printRecord(s.sampleId(), s.problemId(), s.sampleIndex(), s.seed(), s.verdict().wire(), s.extracted(), s.voteKey(),
                        s.detail() == null ? null : s.detail().get("rule"), s.truncated(), s.finishReason().wire(), s.promptTokens(),
                        s.completionTokens(), t == null ? null : t.ttftMs(), t == null ? null : t.tpotMs(), t == null ? null : t.e2eMs());
            }
        } // closing the printer flushes the writer; the caller's stream is a buffer
    }
}
