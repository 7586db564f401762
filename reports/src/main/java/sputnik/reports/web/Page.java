package sputnik.reports.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import sputnik.reports.format.Html;

/** The frame every page shares (head, navigation, footer) and the bits pages are built of. Cells are HTML: callers escape text. */
final class Page {
    private Page() {}

    static final String CSS = "nav{margin-bottom:1em;font-size:.9em}nav a{margin-right:1em}.lb td,.lb th{padding:3px 6px}"
            + "th a{color:inherit}th a.sorted{text-decoration:underline double}.verdict-correct{color:#0a6b0a}.verdict-incorrect{color:#a40000}"
            + "mark{background:#ffe066;padding:0 2px}details{margin:.5em 0}summary{cursor:pointer;color:#555}"
            + ".filters a{margin-right:.8em}.filters a.on{font-weight:600;text-decoration:none;color:#222}.path{overflow-wrap:anywhere}"
            + "pre.text{white-space:pre-wrap;word-break:break-word}.flip-lost{background:#fde2e2}.flip-gained{background:#e2f5e2}\n";

    static String open(String title) {
        return Html.head(title + " · Sputnik", CSS) + "<nav><a href=\"/\">Sputnik results</a><a href=\"/runs\">all runs</a></nav>\n"
                + "<h1>" + Html.esc(title) + "</h1>\n";
    }

    static String close(String dbDisplay) {
        return "<p class=meta>Read-only view of " + Html.esc(dbDisplay) + ". Run directories are the record; this is an index of them.</p>\n</body></html>\n";
    }

    static String a(String href, String text) {
        return "<a href=\"" + Html.esc(href) + "\">" + Html.esc(text) + "</a>";
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A table of HTML cells; {@code classes.get(i)} is column i's CSS class (e.g. "num"). */
    static String table(String id, List<String> headerHtml, List<List<String>> rows, List<String> classes) {
        StringBuilder b = new StringBuilder("<div class=wide><table class=lb id=\"" + Html.esc(id) + "\"><tr>");
        for (String h : headerHtml) b.append("<th>").append(h).append("</th>");
        b.append("</tr>\n");
        for (List<String> r : rows) {
            b.append("<tr>");
            for (int i = 0; i < r.size(); i++) {
                String cls = i < classes.size() ? classes.get(i) : "";
                b.append(cls.isEmpty() ? "<td>" : "<td class=" + cls + ">").append(r.get(i)).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table></div>\n").toString();
    }

    static List<String> plainHeader(List<String> names) {
        return names.stream().map(Html::esc).toList();
    }

    static String verdict(String wire) {
        return "<span class=\"verdict-" + Html.esc(wire) + "\">" + Html.esc(wire) + "</span>";
    }
}
