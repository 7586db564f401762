package sputnik.reports.format;

import java.util.List;

/** Minimal HTML building: escaping, a page head with inline CSS (no network), tables. */
public final class Html {
    private Html() {}

    public static String esc(Object o) {
        String s = String.valueOf(o);
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static String head(String title) {
        return head(title, "");
    }

    /** The page head with {@code extraCss} after the shared rules. */
    public static String head(String title, String extraCss) {
        return "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>" + esc(title) + "</title>\n<style>\n"
                + "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}\n"
                + "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}\n"
                + "table{border-collapse:collapse;margin:.6em 0;font-size:.9em}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}\n"
                + "th{background:#f4f4f4}tr:nth-child(even) td{background:#fafafa}.meta{color:#555}.warn{background:#fff3cd;border:1px solid #e0b000;padding:.5em}.num{text-align:right;white-space:nowrap}\n"
                + ".headline{font-size:1.1em;margin:1em 0}.big{font-size:2.2em;font-weight:600}.ci{color:#555}\n"
                + ".charts img{max-width:49%;border:1px solid #eee;margin:2px}pre{background:#f6f6f6;padding:.6em;overflow:auto;font-size:.85em}\n"
                + ".wide{overflow-x:auto}\n" + extraCss + "</style></head><body>\n";
    }

    public static String table(List<String> header, List<List<String>> rows) {
        return table(header, rows, List.of());
    }

    /**
     * A table whose cells in column i get the CSS class {@code columnClasses.get(i)} (none where it is
     * empty or the list is shorter): e.g. "num" for numbers, right-aligned and never broken inside.
     */
    public static String table(List<String> header, List<List<String>> rows, List<String> columnClasses) {
        StringBuilder b = new StringBuilder("<div class=wide><table><tr>");
        for (String h : header) b.append("<th>").append(esc(h)).append("</th>");
        b.append("</tr>\n");
        for (List<String> r : rows) {
            b.append("<tr>");
            for (int i = 0; i < r.size(); i++) {
                String cls = i < columnClasses.size() ? columnClasses.get(i) : "";
                b.append(cls.isEmpty() ? "<td>" : "<td class=" + cls + ">").append(esc(r.get(i))).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table></div>\n").toString();
    }
}
