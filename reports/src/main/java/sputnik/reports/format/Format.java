package sputnik.reports.format;

import java.util.Locale;

/** Number and text formatting shared by the report writers (ROOT locale: reports must not vary by machine). */
public final class Format {
    private Format() {}

    public static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    public static String num(double v) {
        if (Double.isNaN(v)) return "-";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%,d", (long) v);
        if (Math.abs(v) >= 100) return String.format(Locale.ROOT, "%,.0f", v);
        if (Math.abs(v) >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * A number for machines (CSV): the shortest decimal that reads back as the same double, with no
     * exponent, grouping or unit ("0.000002762838468720822", "200", "46.1"); empty for none, NaN or infinity.
     */
    public static String plain(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) return "";
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    public static String money(double usd) {
        if (Double.isNaN(usd)) return "-";
        return usd >= 100 ? String.format(Locale.ROOT, "$%,.0f", usd) : usd >= 0.01 ? String.format(Locale.ROOT, "$%.2f", usd)
                : String.format(Locale.ROOT, "$%.4g", usd);
    }

    public static String abbreviate(String s, int max) {
        if (s == null) return "";
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }


    /** A full commit id as git shortens it (12 hex digits); anything else (git describe's "6e7d368-dirty") as recorded; "" for none. */
    public static String commit(String c) {
        return c == null ? "" : c.matches("[0-9a-f]{40}") ? c.substring(0, 12) : c;
    }
}
