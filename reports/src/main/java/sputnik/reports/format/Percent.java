package sputnik.reports.format;

import java.util.Locale;

/** Number formatting shared by the writers: scores as percentages, everything in the ROOT locale. */
public final class Percent {
    private Percent() {}

    public static String of(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%d", (long) v);
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
