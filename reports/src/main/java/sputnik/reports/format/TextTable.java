package sputnik.reports.format;

import java.util.List;

/** A plain-text table for terminals: columns padded to their widest cell, numbers right-aligned. */
public final class TextTable {
    private TextTable() {}

    /** {@code right.get(i)} right-aligns column i (numbers); missing entries mean left. */
    public static String render(List<String> header, List<List<String>> rows, List<Boolean> right) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) w[i] = header.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < w.length && i < r.size(); i++) w[i] = Math.max(w[i], r.get(i).length());
        StringBuilder b = new StringBuilder();
        line(b, header, w, right);
        for (int i = 0; i < w.length; i++) b.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        b.append('\n');
        for (List<String> r : rows) line(b, r, w, right);
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] w, List<Boolean> right) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            if (i > 0) l.append("  ");
            boolean r = i < right.size() && right.get(i);
            String pad = " ".repeat(w[i] - c.length());
            l.append(r ? pad + c : c + (i == w.length - 1 ? "" : pad));
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}
