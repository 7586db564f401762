package sputnik.reports.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import sputnik.harness.api.UsageException;
import sputnik.harness.record.SampleRecord;
import java.util.List;
import sputnik.harness.record.SampleRecords;
import sputnik.harness.util.Json;
import sputnik.harness.util.ThinkTags;
import sputnik.reports.db.ResultsQueries;
import sputnik.reports.format.Html;

/**
 * One sample: the verdict and the grader's reason, the extracted answer highlighted in the response,
 * the thinking folded away, and the grader's detail (for code, the test run's output). The response
 * comes from the database when it was indexed with --with-text, else from the run directory when it
 * is on this machine.
 */
final class SamplePage {
    private SamplePage() {}

    static Response render(WebServer.Site site, String key, String sampleId) throws UsageException {
        Optional<ResultsQueries.RunDetail> run = site.queries().run(key);
        Optional<SampleRecord> found = site.queries().sample(key, sampleId);
        if (run.isEmpty() || found.isEmpty()) return Response.notFound("No sample " + sampleId + " in run " + key + ".");
        SampleRecord x = found.get();
        var r = run.get().run();
        String response = x.response(), reasoning = x.reasoning(), source = "the results database";
        if (response == null) {
            Optional<SampleRecord> fromDir = fromRunDirectory(Path.of(r.dir()), sampleId);
            if (fromDir.isPresent()) {
                response = fromDir.get().response();
                reasoning = fromDir.get().reasoning();
                source = "the run directory " + r.dir();
            }
        }
        StringBuilder b = new StringBuilder(Page.open(r.suite() + " problem " + x.problemId() + ", sample " + x.sampleIndex()));
        b.append("<p>").append(Page.a("/run/" + key, "Run: " + r.model() + " · " + Path.of(r.dir()).getFileName())).append(" · ")
                .append(Page.a("/run/" + key + "?problem=" + Page.q(x.problemId()), "every sample of problem " + x.problemId())).append("</p>\n");
        Object reason = x.detail() == null ? null : x.detail().get("reason");
        b.append("<table><tr><th>verdict</th><td id=verdict>").append(Page.verdict(x.verdict().wire())).append("</td></tr>\n")
                .append("<tr><th>reason</th><td>").append(Html.esc(reason == null ? "-" : reason)).append("</td></tr>\n")
                .append("<tr><th>extracted answer</th><td>").append(x.extracted() == null ? "none" : "<mark id=extracted>" + Html.esc(x.extracted()) + "</mark>")
                .append("</td></tr>\n<tr><th>finish</th><td>").append(Html.esc(x.finishReason() == null ? "-" : x.finishReason().wire()))
                .append("</td></tr>\n<tr><th>tokens</th><td>").append(x.promptTokens()).append(" prompt, ").append(x.completionTokens()).append(" completion")
                .append(Boolean.TRUE.equals(x.tokensEstimated()) ? " (estimated)" : "").append("</td></tr>\n<tr><th>seed</th><td>").append(x.seed())
                .append("</td></tr>\n<tr><th>prompt SHA-256</th><td><code>").append(Html.esc(x.promptSha256())).append("</code></td></tr>\n")
                .append("<tr><th>sample id</th><td><code>").append(Html.esc(x.sampleId())).append("</code></td></tr></table>\n");
        PromptLookup.Found prompt = site.prompts().find(Path.of(r.dir()), run.get().manifest(), x);
        b.append("<h2>Prompt</h2>\n<p class=meta id=prompt-note>").append(Html.esc(prompt.note())).append("</p>\n");
        if (prompt.text() != null) b.append("<pre class=text id=prompt>").append(Html.esc(prompt.text())).append("</pre>\n");
        b.append("<h2>Response</h2>\n");
        if (response == null) {
            b.append("<p class=warn>The response text is not in the database (index with <code>--with-text</code> to keep it) and the run directory ")
                    .append(Html.esc(r.dir())).append(" is not on this machine.</p>\n");
        } else {
            b.append("<p class=meta>From ").append(Html.esc(source)).append(".</p>\n");
            String answer = response;
            String thinking = reasoning;
            if (thinking == null && response.contains(ThinkTags.CLOSE)) {
                ThinkTags.Split split = ThinkTags.split(response);
                thinking = split.reasoning();
                answer = split.answer();
            }
            if (thinking != null && !thinking.isBlank()) {
                b.append("<details id=thinking><summary>Thinking (").append(String.format(java.util.Locale.ROOT, "%,d", thinking.length()))
                        .append(" characters): click to unfold</summary><pre class=text>").append(Html.esc(thinking)).append("</pre></details>\n");
            }
            b.append("<pre class=text id=answer>").append(highlight(answer, x.extracted())).append("</pre>\n");
        }
        if (x.detail() != null && !x.detail().isEmpty()) {
            b.append("<h2>Grader's detail</h2>\n<pre class=text id=detail>").append(Html.esc(Json.pretty(x.detail()))).append("</pre>\n");
        }
        return Response.html(b + Page.close(site.dbDisplay()));
    }

    /** The text with the last occurrence of the extracted answer marked (the answer graders take is the last one). */
    static String highlight(String text, String extracted) {
        if (extracted == null || extracted.isEmpty()) return Html.esc(text);
        int at = text.lastIndexOf(extracted);
        if (at < 0) return Html.esc(text);
        return Html.esc(text.substring(0, at)) + "<mark>" + Html.esc(extracted) + "</mark>" + Html.esc(text.substring(at + extracted.length()));
    }

    /** The sample's record in the run directory's samples.jsonl, the one that counts when it was written twice. */
    private static Optional<SampleRecord> fromRunDirectory(Path dir, String sampleId) {
        Path samples = dir.resolve("samples.jsonl");
        if (!Files.isRegularFile(samples)) return Optional.empty();
        String needle = "\"sample_id\":" + Json.line(sampleId);
        try (var lines = Files.lines(samples)) {
            List<SampleRecord> found = new java.util.ArrayList<>();
            for (String line : (Iterable<String>) lines.filter(l -> l.contains(needle))::iterator) {
                found.add(Json.MAPPER.readValue(line, SampleRecord.class));
            }
            return SampleRecords.effective(found).stream().findFirst();
        } catch (Exception unreadable) {
            return Optional.empty();
        }
    }
}
